import { describe, expect, it } from 'vitest';
import { categoryOf, summarizeServerProfile } from '../profileServer.js';

const bundle = 'serveForBenchmark.mjs';

describe('summarizeServerProfile', () => {
  it('sums self time by category over the non-idle time, largest first', () => {
    // Arrange: node 1 idle, 2 the socket write, 3 the answer's serialisation, 4 a route, 5 PGlite's wasm.
    const frame = (functionName: string, url = '') => ({ functionName, url });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)') },
        { id: 2, callFrame: frame('writev') },
        { id: 3, callFrame: frame('jsonAnswer', `file:///tmp/${bundle}`) },
        { id: 4, callFrame: frame('route', `file:///tmp/${bundle}`) },
        { id: 5, callFrame: frame('wasm-function[1]', 'wasm://wasm/0abc') },
      ],
      samples: [1, 2, 2, 3, 4, 5, 1, 2],
      timeDeltas: [1000, 10, 10, 10, 5, 5, 1000, 20],
    };

    // Act
    const shares = summarizeServerProfile(profile, bundle);

    // Assert
    expect(shares).toEqual([
      { category: 'socket writes (the kernel sending the answer)', share: 40 / 60 },
      { category: 'JSON.stringify of the answer', share: 10 / 60 },
      { category: 'this library: routes, core operation, store', share: 5 / 60 },
      { category: 'PGlite (its JavaScript and WebAssembly)', share: 5 / 60 },
    ]);
  });

  it('tells PGlite, Node and this library apart by where the code lives', () => {
    // Arrange / Act / Assert
    expect(categoryOf('query', 'file:///x/node_modules/@electric-sql/pglite/dist/index.js', bundle)).toMatch(/^PGlite/);
    expect(categoryOf('parserOnIncoming', 'node:_http_server', bundle)).toMatch(/^Node/);
    expect(categoryOf('mergeFields', `file:///x/temp/${bundle}`, bundle)).toMatch(/^this library/);
    expect(categoryOf('(garbage collector)', '', bundle)).toBe('garbage collection');
    expect(categoryOf('(program)', '', bundle)).toBeUndefined();
  });
});
