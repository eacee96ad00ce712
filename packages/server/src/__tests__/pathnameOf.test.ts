import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { pathnameOf } from '../http/pathnameOf.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 300);

describe('pathnameOf', () => {
  it.prop([fc.webUrl({ withQueryParameters: true, withFragments: true })], { numRuns })(
    'equals new URL(url).pathname for any serialised web URL, as Request.url gives it',
    (url) => {
      // Arrange: a Request serialises its URL the way a handler sees it.
      const requestUrl = new Request(url).url;

      // Act + Assert
      expect(pathnameOf(requestUrl)).toBe(new URL(requestUrl).pathname);
    },
  );

  it('equals new URL(url).pathname for edge cases', () => {
    // Arrange
    const urls = [
      'http://localhost/v1/users/u_1/metadata',
      'http://localhost/',
      'http://localhost',
      'https://user:p%2Fw@example.com:8443/a/b?c=/d#/e',
      'http://[::1]:3000/v1/users?x',
      'http://localhost/a#b?c',
      'http://localhost/%2F%zz/',
      'file:///tmp/x',
      'foo:bar/baz',
    ].map((url) => new URL(url).href);

    // Act + Assert
    for (const url of urls) expect(pathnameOf(url)).toBe(new URL(url).pathname);
  });
});
