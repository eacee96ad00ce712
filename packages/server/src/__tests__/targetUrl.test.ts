import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { targetUrl } from '../adapter/node/nodeHttp.js';
import { pathnameOf } from '../http/pathnameOf.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 1000);
const origin = 'http://127.0.0.1:3000';

// Request targets from the characters that make a URL parser change a path: dots, percent signs,
// backslashes, slashes, spaces, query and fragment marks, non-ASCII.
const targetCharacter = fc.constantFrom(...'/./..%2e%2E%zz\\ ?#abc_-~!$&\'()*+,;=:@é😀\t'.split(''), '%2e', '..', '//');
const target = fc.array(targetCharacter, { maxLength: 24 }).map((parts) => `/${parts.join('')}`);

describe('targetUrl', () => {
  it.prop([target], { numRuns })(
    'gives the pathname a Fetch Request of the same target gives, with or without a URL parse',
    (requestTarget) => {
      // Arrange: what the Fetch path sees.
      let expected: string;
      try {
        expected = new URL(new Request(new URL(requestTarget, origin)).url).pathname;
      } catch {
        return;
      }

      // Act
      const url = targetUrl(requestTarget, origin);

      // Assert
      expect(url).toBeDefined();
      expect(pathnameOf(url!)).toBe(expected);
    },
  );

  it('joins plain paths without a parse and parses the rest', () => {
    // Arrange
    const plain = '/v1/users/user_2x/metadata?x=1';
    const parsed = ['/v1/users/../x', '/v1/%2e%2e/x', '//evil.example/x', '/a\\b', '/v1/./users'];

    // Act + Assert
    expect(targetUrl(plain, origin)).toBe(origin + plain);
    for (const path of parsed) expect(targetUrl(path, origin)).toBe(new URL(path, origin).href);
  });

  it('gives no URL for a target that is none of this server: unparseable, with credentials, or not http(s)', () => {
    // Arrange
    const refused = ['http://%zz/v1/users', 'http://u:p@x/v1/me/metadata', 'http://u@x/v1/users', 'http://[::1/v1', 'ftp://x/v1/users', 'mailto:x'];

    // Act + Assert
    for (const target of refused) expect(targetUrl(target, origin), target).toBeUndefined();
    expect(targetUrl('http://x/v1/users?q', origin)).toBe('http://x/v1/users?q');
  });
});
