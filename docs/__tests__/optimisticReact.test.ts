// @vitest-environment happy-dom
/// <reference lib="dom" />
// The React components of docs/optimistic.md, word for word, rendered with the real React,
// react-dom (in happy-dom) and @tanstack/react-query, beside the guide's recipe module: the
// store's view shows at once, and what the server refuses rolls back. The server is the real
// handler; the test decides when each answer travels back.
import { dirname } from 'node:path';
import { toWireFieldName, type MetadataFieldName, type MetadataOperation } from '@metadata-semantics/core';
import { createOptimisticMetadataStore, type OptimisticMetadataStore } from '@metadata-semantics/optimistic';
import { createMetadataHandler } from '@metadata-semantics/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, createElement, type FunctionComponent } from 'react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { handlerCaller, reactGuide, sdkUserOf } from './reactGuide.js';

interface MetadataApi {
  read(): Promise<object>;
  send(operation: MetadataOperation): Promise<object>;
}
type Plan = FunctionComponent<{ store: OptimisticMetadataStore }>;
type FinishOnboarding = FunctionComponent<{ userId: string; api: MetadataApi }>;

// In a DOM environment import.meta.url is no file URL: paths start from this file's own.
const guide = reactGuide(dirname(expect.getState().testPath!), 'optimistic.md');
let Plan: Plan;
let FinishOnboarding: FinishOnboarding;

beforeAll(async () => {
  // The guide's two components and its recipe, as the files they are shown as
  // (the Clerk recipe's block runs in the browser test: packages/browser)
  const components = guide.blocks('tsx').filter((block) => !block.includes('@clerk/react'));
  const recipe = guide.blocks('typescript').filter((block) => block.includes('export function optimisticMetadata'));
  expect([components.length, recipe.length]).toEqual([2, 1]);
  guide.write({ 'Plan.tsx': components[0]!, 'FinishOnboarding.tsx': components[1]!, 'tanstackQueryRecipe.ts': recipe[0]! });
  Plan = (await guide.load('Plan.tsx'))['Plan'] as Plan;
  FinishOnboarding = (await guide.load('FinishOnboarding.tsx'))['FinishOnboarding'] as FinishOnboarding;
});

afterEach(() => guide.unmount());

afterAll(() => guide.remove());

/** The real server route, and a transport whose answers wait until the test lets each one through. */
function serverAndTransport() {
  const secretKey = 'sk_test_optimistic_guide';
  const send = handlerCaller(createMetadataHandler({ secretKey }), secretKey);
  // The app's transport answers with the user in SDK names, as @clerk/backend does.
  const waiting: (() => void)[] = [];
  const sent: object[] = [];
  const transportFor = (id: string): MetadataApi => ({
    read: async () => sdkUserOf(await send('GET', `/v1/users/${id}`)),
    send: async (operation) => {
      const body = Object.fromEntries(Object.entries(operation.params).map(([name, value]) => [toWireFieldName(name as MetadataFieldName), value]));
      sent.push(body);
      await new Promise<void>((resolve) => waiting.push(resolve));
      return sdkUserOf(await send(operation.kind === 'update' ? 'PATCH' : 'PUT', `/v1/users/${id}/metadata`, body));
    },
  });
  return {
    send,
    sent,
    transportFor,
    async create() {
      return (await sdkUserOf(await send('POST', '/v1/users', {}))).id;
    },
    async unsafeMetadataOf(id: string) {
      return (await sdkUserOf(await send('GET', `/v1/users/${id}`))).unsafeMetadata;
    },
    release: () => waiting.shift()!(),
  };
}

/** Lets timers, promises and React run until `done` holds (react-query answers outside any act()). */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !done(); turn++) await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  expect(done()).toBe(true);
}

it('Plan: useSyncExternalStore shows an applied operation at once, and the rollback when it fails', async () => {
  // Arrange
  const store = createOptimisticMetadataStore({ id: 'user_1', publicMetadata: { plan: 'free' } });
  const container = await guide.mount(createElement(Plan, { store }));
  const shown = () => container.querySelector('span')!.textContent;
  expect(shown()).toBe('free');

  // Act + Assert: applied, then failed
  let id = 0;
  await act(async () => {
    id = store.apply({ kind: 'update', params: { publicMetadata: { plan: 'pro' } } });
  });
  expect(shown()).toBe('pro');
  await act(async () => {
    store.fail(id);
  });
  expect(shown()).toBe('free');
});

it('FinishOnboarding: the click shows before the server answers, and the server stores it', async () => {
  // Arrange: a user on the real server, the component inside a QueryClientProvider
  const server = serverAndTransport();
  const userId = await server.create();
  const api = server.transportFor(userId);
  const container = await guide.mount(createElement(QueryClientProvider, { client: new QueryClient() }, createElement(FinishOnboarding, { userId, api })));
  const button = () => container.querySelector('button')!;
  await until(() => !button().disabled);
  expect(button().textContent).toBe('Finish onboarding');

  // Act: click; the request waits
  await act(async () => button().click());

  // Assert: shown at once, sent once in wire names; once answered, stored and still shown
  await until(() => button().textContent === 'Onboarded');
  expect(server.sent).toEqual([{ unsafe_metadata: { onboarded: true } }]);
  expect(await server.unsafeMetadataOf(userId)).toEqual({});
  await act(async () => server.release());
  await until(() => server.sent.length === 1 && button().textContent === 'Onboarded');
  expect(await server.unsafeMetadataOf(userId)).toEqual({ onboarded: true });
});

it('FinishOnboarding: a request the server refuses rolls the view back', async () => {
  // Arrange
  const server = serverAndTransport();
  const userId = await server.create();
  const container = await guide.mount(
    createElement(QueryClientProvider, { client: new QueryClient({ defaultOptions: { mutations: { retry: false } } }) }, createElement(FinishOnboarding, { userId, api: server.transportFor(userId) })),
  );
  const button = () => container.querySelector('button')!;
  await until(() => !button().disabled);

  // Act: click, then the user is deleted before the request arrives (the server answers 404)
  await act(async () => button().click());
  await until(() => button().textContent === 'Onboarded');
  expect((await server.send('DELETE', `/v1/users/${userId}`)).status).toBe(200);
  await act(async () => server.release());

  // Assert: back to what the server has
  await until(() => button().textContent === 'Finish onboarding');
});

it('type-checks against the packages, as a bundled React app has them', () => {
  // Act: the guide's three modules, with the docs' compiler options (JSX, extensionless imports)
  const errors = guide.typeErrors();

  // Assert
  expect(errors).toEqual([]);
});
