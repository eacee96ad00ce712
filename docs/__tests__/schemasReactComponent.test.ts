// @vitest-environment happy-dom
/// <reference lib="dom" />
// The React component of docs/schemas.md, word for word, rendered with the real React and
// react-dom (in happy-dom) beside the guide's schemas module, against the real server handler
// given the same schemas: it shows what the server will accept at once and sends it, and
// refuses, before sending anything, what the server refuses.
import { mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MetadataSchemas } from '@metadata-semantics/core';
import { createMetadataHandler } from '@metadata-semantics/server';
import { act, createElement, type FunctionComponent } from 'react';
import ts from 'typescript';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';

// React warns unless it knows that tests wrap their updates in act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Onboarding = FunctionComponent<{ user: object; save: (params: object) => Promise<object> }>;
interface WireUser {
  id: string;
  public_metadata: object;
  private_metadata: object;
  unsafe_metadata: object;
  updated_at: number;
}

// In a DOM environment import.meta.url is no file URL: paths start from this file's own.
const testsDirectory = dirname(expect.getState().testPath!);
const guide = readFileSync(join(testsDirectory, '../schemas.md'), 'utf8');
const blocksOf = (info: string): string[] => [...guide.matchAll(new RegExp(`^\`\`\`${info}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!);

// Inside docs/, as the examples runner's modules, so that they resolve react, zod and the packages.
const scratch = join(testsDirectory, `../.examples-tmp/schemas-react-${process.pid}-${Date.now()}`);
let Onboarding: Onboarding;
let userMetadataSchemas: MetadataSchemas & { publicMetadata: z.ZodType };
let root: Root | undefined;

beforeAll(async () => {
  // The guide's schemas module and its component, as the files they are shown as
  const schemasModule = blocksOf('ts').filter((block) => block.includes('export const userMetadataSchemas'));
  const components = blocksOf('tsx');
  expect([schemasModule.length, components.length]).toEqual([1, 1]);
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'userMetadataSchemas.ts'), schemasModule[0]!);
  writeFileSync(join(scratch, 'Onboarding.tsx'), components[0]!);
  ({ Onboarding } = (await import(/* @vite-ignore */ pathToFileURL(join(scratch, 'Onboarding.tsx')).href)) as { Onboarding: Onboarding });
  ({ userMetadataSchemas } = (await import(/* @vite-ignore */ pathToFileURL(join(scratch, 'userMetadataSchemas.ts')).href)) as {
    userMetadataSchemas: typeof userMetadataSchemas;
  });
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

/** The server route with the guide's schemas, and the app's save: a PATCH whose answer is the user in SDK names. */
function serverWithSchemas() {
  const secretKey = 'sk_test_schemas_guide';
  const handler = createMetadataHandler({ secretKey, schemas: { user: userMetadataSchemas } });
  const send = async (method: string, path: string, body?: unknown): Promise<Response> =>
    handler(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  const sdkUser = (user: WireUser) => ({
    id: user.id,
    publicMetadata: user.public_metadata,
    privateMetadata: user.private_metadata,
    unsafeMetadata: user.unsafe_metadata,
    updatedAt: user.updated_at,
  });
  return {
    send,
    async create(body: object) {
      return sdkUser((await (await send('POST', '/v1/users', body)).json()) as WireUser);
    },
    async read(id: string) {
      return sdkUser((await (await send('GET', `/v1/users/${id}`)).json()) as WireUser);
    },
    async save(id: string, params: object) {
      const response = await send('PATCH', `/v1/users/${id}/metadata`, params);
      if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
      return sdkUser((await response.json()) as WireUser);
    },
  };
}

/** Renders the component; `save` waits until the test lets each request through, in order. */
async function render(user: { id: string }, server: ReturnType<typeof serverWithSchemas>) {
  const sent: object[] = [];
  const waiting: (() => void)[] = [];
  const save = (params: object): Promise<object> => {
    sent.push(params);
    return new Promise<void>((resolve) => waiting.push(resolve)).then(() => server.save(user.id, params));
  };
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root!.render(createElement(Onboarding, { user, save })));
  const button = container.querySelector('button')!;
  return {
    sent,
    button,
    click: () => act(async () => button.click()),
    release: () => act(async () => waiting.shift()!()),
  };
}

it('shows an accepted step at once, sends it, and ends where the server ends', async () => {
  // Arrange
  const server = serverWithSchemas();
  const user = await server.create({ public_metadata: { role: 'member' } });
  const page = await render(user, server);

  // Act: two clicks before the server has answered the first
  await page.click();
  await page.click();
  await page.release();
  await page.release();

  // Assert: the second step was computed on the optimistic view; the server took both
  expect(page.sent).toEqual([{ public_metadata: { onboarding: { step: 1 } } }, { public_metadata: { onboarding: { step: 2 } } }]);
  expect((await server.read(user.id)).publicMetadata).toEqual({ role: 'member', onboarding: { step: 2 } });
  expect(page.button.textContent).toBe('Next');
});

it('refuses, as the server does, a step whose result has no role: shows the issue and sends nothing', async () => {
  // Arrange: a user created without a role, which the schema requires
  const server = serverWithSchemas();
  const user = await server.create({});
  const page = await render(user, server);
  const issue = userMetadataSchemas.publicMetadata.safeParse({ onboarding: { step: 1 } }).error!.issues[0]!;

  // Act
  await page.click();

  // Assert: the schema's own message, nothing sent, and the server refuses the same request
  expect(issue.path).toEqual(['role']);
  expect(page.button.textContent).toBe(issue.message);
  expect(page.sent).toEqual([]);
  const answer = await server.send('PATCH', `/v1/users/${user.id}/metadata`, { public_metadata: { onboarding: { step: 1 } } });
  expect(answer.status).toBe(422);
  expect(((await answer.json()) as { errors: { meta: { path: string } }[] }).errors[0]!.meta.path).toBe('/public_metadata/role');
  expect((await server.read(user.id)).publicMetadata).toEqual({});
});

it('type-checks against the packages: apply takes params typed by the schemas', () => {
  // Arrange: the docs' compiler options, as a bundled React app has them (JSX, extensionless imports)
  const tsconfigPath = join(testsDirectory, '../tsconfig.json');
  const config = ts.readConfigFile(tsconfigPath, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfigPath));
  const files = ['Onboarding.tsx', 'userMetadataSchemas.ts'].map((name) => join(scratch, name));

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
