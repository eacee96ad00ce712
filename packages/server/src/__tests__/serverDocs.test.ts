import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedParts, withGeneratedParts } from '../../scripts/serverDocs.js';
import { operations } from '../api/operations.js';

// docs/server.md's table of operations and table of list fields are rendered from the route table and the field
// table: the docs say what the code does. After changing either, `pnpm docs:server` writes them.

const markdown = readFileSync(new URL('../../../../docs/server.md', import.meta.url), 'utf8');

describe('docs/server.md', () => {
  it.each(Object.keys(generatedParts))('holds the %s table as the code renders it (else run pnpm docs:server)', (name) => {
    // Arrange
    const part = (text: string): string => text.slice(text.indexOf(`<!-- ${name}:start -->`), text.indexOf(`<!-- ${name}:end -->`));

    // Act / Assert
    expect(part(markdown)).toBe(part(withGeneratedParts(markdown)));
  });

  it('lists every operation of the route table once, by method and path', () => {
    // Act
    const rows = markdown.split('\n').filter((line) => /^\| (fapi )?`(GET|POST|PATCH|PUT|DELETE) \/v1/.test(line));

    // Assert
    expect(rows).toHaveLength(operations.length);
    for (const route of operations) {
      const listed = `\`${route.method} ${route.path.replace(/:([a-z_]+)/g, '{$1}')}\``;
      expect(rows.filter((row) => row.includes(`${listed} |`)), listed).toHaveLength(1);
    }
  });
});
