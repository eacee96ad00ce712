// @vitest-environment happy-dom
/// <reference lib="dom" />
// The React components of docs/optimistic.md, word for word, rendered with the real React,
// react-dom (in happy-dom) and @tanstack/react-query, beside the guide's recipe module: the
// store's view shows at once, and what the server refuses rolls back. The server is the real
// handler; the test decides when each answer travels back.
import { mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toWireFieldName, type MetadataFieldName, type MetadataOperation } from '@metadata-semantics/core';
import { createOptimisticMetadataStore, type OptimisticMetadataStore } from '@metadata-semantics/optimistic';
import { createMetadataHandler } from '@metadata-semantics/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, createElement, type FunctionComponent } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

// React warns unless it knows that tests wrap their updates in act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface MetadataApi {
  read(): Promise<object>;
  send(operation: MetadataOperation): Promise<object>;
}
type Plan = FunctionComponent<{ store: OptimisticMetadataStore }>;
type FinishOnboarding = FunctionComponent<{ userId: string; api: MetadataApi }>;
interface WireUser {
  id: string;
  public_metadata: object;
  private_metadata: object;
  unsafe_metadata: object;
  updated_at: number;
}

// In a DOM environment import.meta.url is no file URL: paths start from this file's own.
const testsDirectory = dirname(expect.getState().testPath!);
const guide = readFileSync(join(testsDirectory, '../optimistic.md'), 'utf8');
const blocksOf = (info: string): string[] => [...guide.matchAll(new RegExp(`^\`\`\`${info}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!);

// Inside docs/, as the examples runner's modules, so that they resolve react, react-query and the packages.
const scratch = join(testsDirectory, `../.examples-tmp/optimistic-react-${process.pid}-${Date.now()}`);
const moduleFiles = ['Plan.tsx', 'FinishOnboarding.tsx', 'tanstackQueryRecipe.ts'];
let Plan: Plan;
let FinishOnboarding: FinishOnboarding;
let root: Root | undefined;

beforeAll(async () => {
  // The guide's two components and its recipe, as the files they are shown as
  const components = blocksOf('tsx');
  const recipe = blocksOf('typescript').filter((block) => block.includes('export function optimisticMetadata'));
  expect([components.length, recipe.length]).toEqual([2, 1]);
  mkdirSync(scratch, { recursive: true });
  [components[0]!, components[1]!, recipe[0]!].forEach((text, index) => writeFileSync(join(scratch, moduleFiles[index]!), text));
  const load = async (file: string) => (await import(/* @vite-ignore */ pathToFileURL(join(scratch, file)).href)) as Record<string, unknown>;
  Plan = (await load('Plan.tsx'))['Plan'] as Plan;
  FinishOnboarding = (await load('FinishOnboarding.tsx'))['FinishOnboarding'] as FinishOnboarding;
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  try {
    rmdirSync(dirname(scratch));
  } catch {
    // another run still has its directory there
  }
});

/** The real server route, and a transport whose answers wait until the test lets each one through. */
function serverAndTransport() {
  const secretKey = 'sk_test_optimistic_guide';
  const handler = createMetadataHandler({ secretKey });
  const send = async (method: string, path: string, body?: unknown): Promise<Response> =>
    handler(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  // The app's transport answers with the user in SDK names, as @clerk/backend does.
  const sdkUser = async (response: Response) => {
    if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
    const user = (await response.json()) as WireUser;
    return { id: user.id, publicMetadata: user.public_metadata, unsafeMetadata: user.unsafe_metadata, updatedAt: user.updated_at };
  };
  const waiting: (() => void)[] = [];
  const sent: object[] = [];
  const transportFor = (id: string): MetadataApi => ({
    read: async () => sdkUser(await send('GET', `/v1/users/${id}`)),
    send: async (operation) => {
      const body = Object.fromEntries(Object.entries(operation.params).map(([name, value]) => [toWireFieldName(name as MetadataFieldName), value]));
      sent.push(body);
      await new Promise<void>((resolve) => waiting.push(resolve));
      return sdkUser(await send(operation.kind === 'update' ? 'PATCH' : 'PUT', `/v1/users/${id}/metadata`, body));
    },
  });
  return {
    send,
    sent,
    transportFor,
    async create() {
      return (await sdkUser(await send('POST', '/v1/users', {}))).id;
    },
    async unsafeMetadataOf(id: string) {
      return (await sdkUser(await send('GET', `/v1/users/${id}`))).unsafeMetadata;
    },
    release: () => waiting.shift()!(),
  };
}

async function mount(element: ReturnType<typeof createElement>): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root!.render(element));
  return container;
}

/** Lets timers, promises and React run until `done` holds (react-query answers outside any act()). */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !done(); turn++) await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  expect(done()).toBe(true);
}

it('Plan: useSyncExternalStore shows an applied operation at once, and the rollback when it fails', async () => {
  // Arrange
  const store = createOptimisticMetadataStore({ id: 'user_1', publicMetadata: { plan: 'free' } });
  const container = await mount(createElement(Plan, { store }));
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
  const container = await mount(createElement(QueryClientProvider, { client: new QueryClient() }, createElement(FinishOnboarding, { userId, api })));
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
  const container = await mount(
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
  // Arrange: the docs' compiler options, with JSX and extensionless imports
  const tsconfigPath = join(testsDirectory, '../tsconfig.json');
  const config = ts.readConfigFile(tsconfigPath, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfigPath));
  const files = moduleFiles.map((name) => join(scratch, name));

  // Act
  const program = ts.createProgram(files, {
    ...options,
    jsx: ts.JsxEmit.ReactJSX,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
  });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file === undefined || files.includes(diagnostic.file.fileName))
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));

  // Assert
  expect(errors).toEqual([]);
});
