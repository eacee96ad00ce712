// @vitest-environment happy-dom
/// <reference lib="dom" />
// The React component of docs/schemas.md, word for word, rendered with the real React and
// react-dom (in happy-dom) beside the guide's schemas module, against the real server handler
// given the same schemas: it shows what the server will accept at once and sends it, and
// refuses, before sending anything, what the server refuses.
import { dirname } from 'node:path';
import type { MetadataSchemas } from '@metadata-semantics/core';
import { createMetadataHandler } from '@metadata-semantics/server';
import { act, createElement, type FunctionComponent } from 'react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { handlerCaller, reactGuide, sdkUserOf } from './reactGuide.js';

type Onboarding = FunctionComponent<{ user: object; save: (params: object) => Promise<object> }>;

// In a DOM environment import.meta.url is no file URL: paths start from this file's own.
const guide = reactGuide(dirname(expect.getState().testPath!), 'schemas.md');
let Onboarding: Onboarding;
let userMetadataSchemas: MetadataSchemas & { publicMetadata: z.ZodType };

beforeAll(async () => {
  // The guide's schemas module and its component, as the files they are shown as
  const schemasModule = guide.blocks('ts').filter((block) => block.includes('export const userMetadataSchemas'));
  const components = guide.blocks('tsx');
  expect([schemasModule.length, components.length]).toEqual([1, 1]);
  guide.write({ 'userMetadataSchemas.ts': schemasModule[0]!, 'Onboarding.tsx': components[0]! });
  Onboarding = (await guide.load('Onboarding.tsx'))['Onboarding'] as Onboarding;
  userMetadataSchemas = (await guide.load('userMetadataSchemas.ts'))['userMetadataSchemas'] as typeof userMetadataSchemas;
});

afterEach(() => guide.unmount());

afterAll(() => guide.remove());

/** The server route with the guide's schemas, and the app's save: a PATCH whose answer is the user in SDK names. */
function serverWithSchemas() {
  const secretKey = 'sk_test_schemas_guide';
  const send = handlerCaller(createMetadataHandler({ secretKey, schemas: { user: userMetadataSchemas } }), secretKey);
  return {
    send,
    async create(body: object) {
      return sdkUserOf(await send('POST', '/v1/users', body));
    },
    async read(id: string) {
      return sdkUserOf(await send('GET', `/v1/users/${id}`));
    },
    async save(id: string, params: object) {
      return sdkUserOf(await send('PATCH', `/v1/users/${id}/metadata`, params));
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
  const container = await guide.mount(createElement(Onboarding, { user, save }));
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
  // Act: the guide's two modules, with the docs' compiler options as a bundled React app has them
  const errors = guide.typeErrors();

  // Assert
  expect(errors).toEqual([]);
});
