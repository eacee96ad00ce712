// Relative links between the docs pages (and the packages' READMEs) must resolve, anchors included, since
// other packages link to rules such as docs/semantics.md#delete.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { anchorsOf, brokenLinks, headingSlug } from './markdownLinks.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const docsDirectory = join(repositoryRoot, 'docs');
const pages = [
  ...(existsSync(join(repositoryRoot, 'README.md')) ? [join(repositoryRoot, 'README.md')] : []),
  ...readdirSync(docsDirectory)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(docsDirectory, name)),
  ...readdirSync(join(repositoryRoot, 'packages'))
    .map((name) => join(repositoryRoot, 'packages', name, 'README.md'))
    .filter((readme) => existsSync(readme))
    .sort(),
];

describe('headingSlug and anchorsOf', () => {
  test('slug headings as GitHub does, number repeats, and ignore headings inside code blocks', () => {
    // Arrange
    const markdown = [
      '## Reducer 1: `deepMergeWithNullDeletion(target, patch)`',
      '### no stray nulls',
      '### Identity',
      '### identity',
      '<a id="clerk-vs-library"></a>',
      '```ts',
      '# not a heading',
      '```',
    ].join('\n');

    // Act
    const anchors = anchorsOf(markdown);

    // Assert
    expect([...anchors]).toEqual([
      'reducer-1-deepmergewithnulldeletiontarget-patch',
      'no-stray-nulls',
      'identity',
      'identity-1',
      'clerk-vs-library',
    ]);
    expect(headingSlug('Relation to RFC 7396')).toBe('relation-to-rfc-7396');
  });
});

describe('brokenLinks', () => {
  test('reports a missing anchor and a missing file, and nothing else', () => {
    // Arrange
    const fixture = fileURLToPath(new URL('./fixtures/links.md', import.meta.url));

    // Act
    const broken = brokenLinks(repositoryRoot, fixture);

    // Assert
    expect(broken).toEqual([
      'docs/__tests__/fixtures/links.md:7: #no-such-section (no such anchor)',
      'docs/__tests__/fixtures/links.md:8: ./no-such-page.md (no such file)',
    ]);
  });

  test('with a folder to stay in, also reports a link that leaves it, though its file exists', () => {
    // Arrange: a package's README, as installed, links to nothing beside the package
    const fixture = fileURLToPath(new URL('./fixtures/links.md', import.meta.url));

    // Act
    const broken = brokenLinks(repositoryRoot, fixture, dirname(fixture));

    // Assert
    expect(broken).toEqual([
      'docs/__tests__/fixtures/links.md:7: #no-such-section (no such anchor)',
      'docs/__tests__/fixtures/links.md:8: ./no-such-page.md (no such file)',
      'docs/__tests__/fixtures/links.md:11: ../markdownLinks.ts (outside docs/__tests__/fixtures)',
    ]);
  });
});

describe('links between pages', () => {
  test.each(pages.map((page) => [page.slice(repositoryRoot.length), page] as const))('%s has no broken relative link', (_name, page) => {
    // Act
    const broken = brokenLinks(repositoryRoot, page);

    // Assert
    expect(broken).toEqual([]);
  });
});
