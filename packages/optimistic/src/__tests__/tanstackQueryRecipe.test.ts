import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MetadataError, type MetadataOperation } from '@metadata-semantics/core';
import { MutationObserver, QueryClient } from '@tanstack/query-core';
import { afterEach, describe, expect, it } from 'vitest';
import { optimisticMetadata, type MetadataApi } from './recipe/tanstackQueryRecipe.js';
import { SimulatedServer, type SimulatedResponse } from './support/simulatedServer.js';

// The recipe of docs/optimistic.md, run with the real @tanstack/query-core against a
// simulated server whose requests and answers the test delivers in the order it chooses.

interface Request {
  readonly body: string;
  answer?: string;
  readonly resolve: (resource: object) => void;
  readonly reject: (error: Error) => void;
}

/** A transport whose requests wait until the test lets the server receive them and the answers travel back. */
function controlledTransport(server: SimulatedServer): MetadataApi & {
  readonly requests: Request[];
  receive(request: Request): void;
  answer(request: Request): void;
  lose(request: Request): void;
} {
  const requests: Request[] = [];
  return {
    requests,
    read: async () => JSON.parse(server.read()) as object,
    send: (operation: MetadataOperation) =>
      new Promise<object>((resolve, reject) => {
        requests.push({ body: JSON.stringify(operation), resolve, reject });
      }),
    receive(request) {
      request.answer = server.handle(request.body);
    },
    answer(request) {
      const response = JSON.parse(request.answer!) as SimulatedResponse;
      if (response.ok) request.resolve(response.resource);
      else request.reject(new Error(JSON.stringify(response.body)));
    },
    lose(request) {
      request.reject(new TypeError('Failed to fetch'));
    },
  };
}

/** Lets TanStack run its async steps (onMutate is awaited before mutationFn). */
const settleTasks = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const key = ['user', 'user_1', 'metadata'];
const clients: QueryClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.clear();
});

function setUp(initial: Record<string, unknown>) {
  const server = new SimulatedServer(initial);
  const transport = controlledTransport(server);
  const queryClient = new QueryClient();
  clients.push(queryClient);
  const recipe = optimisticMetadata(queryClient, key, transport);
  const outcomes: Promise<unknown>[] = [];
  const mutate = (operation: MetadataOperation): void => {
    // One observer per call, as one useMutation per component would be
    const observer = new MutationObserver(queryClient, recipe.mutationOptions);
    outcomes.push(observer.mutate(operation).then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error }),
    ));
  };
  return { queryClient, server, transport, recipe, mutate, outcomes };
}

describe('the TanStack Query recipe', () => {
  it('is the block docs/optimistic.md shows, word for word', () => {
    // Arrange
    const docs = readFileSync(fileURLToPath(new URL('../../../../docs/optimistic.md', import.meta.url)), 'utf8');
    const recipe = readFileSync(fileURLToPath(new URL('./recipe/tanstackQueryRecipe.ts', import.meta.url)), 'utf8');

    // Act
    const block = /<!-- recipe:start -->\n```typescript\n([\s\S]*?)```\n<!-- recipe:end -->/.exec(docs)?.[1];

    // Assert
    expect(block).toBe(recipe);
  });

  it('shows the optimistic view in the cache, survives answers out of order, rolls back failures, and ends at the server state', async () => {
    // Arrange: the query has loaded the user
    const { queryClient, server, transport, recipe, mutate, outcomes } = setUp({ publicMetadata: { plan: 'free', seats: 1 } });
    await queryClient.fetchQuery(recipe.queryOptions);
    expect(queryClient.getQueryData(key)).toStrictEqual(server.state);

    // Act 1: two mutations in flight, one with a Date
    mutate({ kind: 'update', params: { publicMetadata: { plan: 'pro' } } });
    mutate({ kind: 'update', params: { publicMetadata: { seats: 5, renewedAt: new Date(Date.UTC(2030, 0, 1)) } } });
    await settleTasks();

    // Assert 1: the cache shows both at once, the Date as the server will store it
    expect(transport.requests).toHaveLength(2);
    expect(queryClient.getQueryData(key)).toStrictEqual({
      publicMetadata: { plan: 'pro', seats: 5, renewedAt: '2030-01-01T00:00:00.000Z' },
      privateMetadata: {},
      unsafeMetadata: {},
    });

    // Act 2: the server receives the second request first, then the first; the first answer arrives first
    const [first, second] = transport.requests as [Request, Request];
    transport.receive(second);
    transport.receive(first);
    transport.answer(first);
    await settleTasks();

    // Assert 2: the newest answer is confirmed; the second operation is still pending and shown
    expect(queryClient.getQueryData(key)).toStrictEqual({
      publicMetadata: { plan: 'pro', seats: 5, renewedAt: '2030-01-01T00:00:00.000Z' },
      privateMetadata: {},
      unsafeMetadata: {},
    });

    // Act 3: the older answer arrives last; it is stale and leaves the newer state in place
    transport.answer(second);
    await settleTasks();

    // Assert 3
    expect(queryClient.getQueryData(key)).toStrictEqual(server.state);

    // Act 4: a request that is lost on the network
    mutate({ kind: 'replace', params: { publicMetadata: {} } });
    await settleTasks();
    expect(queryClient.getQueryData(key)).toStrictEqual({ publicMetadata: {}, privateMetadata: {}, unsafeMetadata: {} });
    transport.lose(transport.requests[2]!);
    await settleTasks();

    // Assert 4: rolled back to the server state, and the mutation reports the error
    expect(queryClient.getQueryData(key)).toStrictEqual(server.state);
    expect(await outcomes[2]).toMatchObject({ ok: false, error: new TypeError('Failed to fetch') });
    expect(await outcomes[0]).toMatchObject({ ok: true });
  });

  it('rolls back what the server rejects, and never sends what the store rejects', async () => {
    // Arrange: a field close to the 8 KiB limit
    const { queryClient, server, transport, recipe, mutate, outcomes } = setUp({ unsafeMetadata: { notes: 'x'.repeat(4000) } });
    await queryClient.fetchQuery(recipe.queryOptions);

    // Act 1: two merges that each fit, but not both, once the server receives them in the other order
    mutate({ kind: 'replace', params: { unsafeMetadata: {} } });
    mutate({ kind: 'update', params: { unsafeMetadata: { draft: 'y'.repeat(5000) } } });
    await settleTasks();
    const [clear, draft] = transport.requests as [Request, Request];
    expect(queryClient.getQueryData(key)).toStrictEqual({
      publicMetadata: {},
      privateMetadata: {},
      unsafeMetadata: { draft: 'y'.repeat(5000) },
    });
    transport.receive(draft); // 4000 + 5000 bytes: the server rejects it (too_large)
    transport.receive(clear);
    transport.answer(draft);
    transport.answer(clear);
    await settleTasks();

    // Assert 1: the rejected merge is rolled back and the cache is the server's state
    expect(queryClient.getQueryData(key)).toStrictEqual(server.state);
    expect(server.state['unsafeMetadata']).toStrictEqual({});
    expect(await outcomes[1]).toMatchObject({ ok: false });

    // Act 2: an operation the store itself rejects (an unknown field)
    const before = queryClient.getQueryData(key);
    mutate({ kind: 'update', params: { secretMetadata: { a: 1 } } as never });
    await settleTasks();

    // Assert 2: onMutate threw core's typed error, nothing was sent, the cache is untouched
    const outcome = (await outcomes[2]) as { ok: boolean; error: unknown };
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBeInstanceOf(MetadataError);
    expect((outcome.error as MetadataError).code).toBe('unknown_field');
    expect(transport.requests).toHaveLength(2);
    expect(queryClient.getQueryData(key)).toBe(before);
  });

  it('keeps pending operations on top of a refetch', async () => {
    // Arrange
    const { queryClient, server, transport, recipe, mutate } = setUp({ publicMetadata: { a: 1 } });
    await queryClient.fetchQuery(recipe.queryOptions);
    mutate({ kind: 'update', params: { publicMetadata: { b: 2 } } });
    await settleTasks();

    // Act: someone else changes the resource, and the query refetches
    server.handle(JSON.stringify({ kind: 'update', params: { publicMetadata: { c: 3 } } }));
    await queryClient.refetchQueries({ queryKey: key });

    // Assert: the new confirmed state, with the pending operation still shown
    expect(queryClient.getQueryData(key)).toStrictEqual({
      publicMetadata: { a: 1, b: 2, c: 3 },
      privateMetadata: {},
      unsafeMetadata: {},
    });
    transport.receive(transport.requests[0]!);
    transport.answer(transport.requests[0]!);
    await settleTasks();
    expect(queryClient.getQueryData(key)).toStrictEqual(server.state);
  });
});
