import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { readConsoleSettings } from '../readConsoleSettings.js';

/** A page at `url` whose head holds `head`. */
function pageAt(url: string, head: string): Document {
  const window = new Window({ url });
  window.document.head.innerHTML = head;
  return window.document as unknown as Document;
}

describe('readConsoleSettings', () => {
  it('finds the API in the parent of the console’s folder, wherever the server mounts it', () => {
    // Act
    const mounted = ['http://127.0.0.1:3000/console/', 'http://127.0.0.1:3000/api/clerk/console/#/users/user_1'].map(
      (url) => readConsoleSettings(pageAt(url, '<meta name="metadata-semantics-api" content="../">')).apiBase.href,
    );

    // Assert
    expect(mounted).toEqual(['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/api/clerk/']);
  });

  it('takes the server’s limits when the page names them, and core’s defaults otherwise', () => {
    // Act
    const named = readConsoleSettings(
      pageAt('http://localhost/console/', '<meta name="metadata-semantics-max-field-bytes" content="4096"><meta name="metadata-semantics-max-depth" content="8">'),
    );
    const unnamed = readConsoleSettings(pageAt('http://localhost/console/', '<meta name="metadata-semantics-max-depth" content="none">'));

    // Assert
    expect(named.limits).toEqual({ maxFieldBytes: 4096, maxDepth: 8 });
    expect(unnamed.limits).toEqual({});
    expect(unnamed.apiBase.href).toBe('http://localhost/');
  });
});
