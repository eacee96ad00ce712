import { isClerkAPIResponseError } from '@clerk/backend/errors';
import type { StandardSchemaV1 } from '@metadata-semantics/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMetadataHandler, type MetadataHandlerSchemas } from '../index.js';
import { backendRequest, readRaw, secretKey, startServer } from './support/harness.js';
import { memoryAndPgliteStores } from './support/testStores.js';
// The test kit's grammar of schemas, built with each real validator.
import { buildSchema, validatorNames } from '@metadata-semantics/test-kit/schemaGrammar';

// One schema per field, shared by every resource: role is one of two strings and
// required; step an integer; nothing else in public metadata.
const roleShape = {
  type: 'object',
  properties: { role: { type: 'string', enum: ['admin', 'member'] }, step: { type: 'integer' } },
  required: ['role'],
  additionalProperties: false,
} as const;
const themeShape = { type: 'object', properties: { theme: { type: 'string', enum: ['light', 'dark'] } } } as const;

type Handler = (request: Request) => Promise<Response>;
interface ClerkError {
  code: string;
  long_message: string;
  meta: { param_name?: string; path?: string };
}

const stores = memoryAndPgliteStores('schema_resources', { exclusive: true });

function schemasFor(validator: (typeof validatorNames)[number]): MetadataHandlerSchemas {
  const publicMetadata = buildSchema(validator, roleShape);
  return {
    user: { publicMetadata, unsafeMetadata: buildSchema(validator, themeShape) },
    organization: { publicMetadata },
    membership: { privateMetadata: publicMetadata },
  };
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** The errors of a 422 schema_mismatch answer. */
async function schemaErrors(response: Response): Promise<ClerkError[]> {
  expect(response.status).toBe(422);
  const body = (await response.json()) as { errors: ClerkError[]; clerk_trace_id: string };
  expect(body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
  for (const error of body.errors) expect(error.code).toBe('schema_mismatch');
  return body.errors;
}

describe.each(validatorNames.flatMap((validator) => stores.map((store) => ({ validator, ...store }))))(
  'schemas with $validator on $name',
  ({ validator, make }) => {
    let handler: Handler;
    let userId: string;

    beforeAll(async () => {
      handler = createMetadataHandler({
        secretKey,
        store: make(),
        schemas: schemasFor(validator),
        authenticate: (request) => request.headers.get('x-test-user'),
      });
      const created = await backendRequest(handler, 'POST', '/v1/users', JSON.stringify({ public_metadata: { role: 'member' } }));
      expect(created.status).toBe(200);
      userId = (await json(created))['id'] as string;
    });

    it('accepts a PATCH whose result satisfies the schema, though the patch alone does not', async () => {
      // Act
      const response = await backendRequest(handler, 'PATCH', `/v1/users/${userId}/metadata`, JSON.stringify({ public_metadata: { step: 1 } }));

      // Assert
      expect(response.status).toBe(200);
      expect((await json(response))['public_metadata']).toStrictEqual({ role: 'member', step: 1 });
    });

    it('refuses a PATCH or PUT whose result does not satisfy the schema: 422, param_name and issue paths, nothing written', async () => {
      // Arrange
      const path = `/v1/users/${userId}`;
      const before = await readRaw(handler, path);

      // Act
      const deleting = await backendRequest(handler, 'PATCH', `${path}/metadata`, JSON.stringify({ public_metadata: { role: null } }));
      const wrongType = await backendRequest(handler, 'PUT', `${path}/metadata`, JSON.stringify({ public_metadata: { role: 'admin', step: 'two' } }));

      // Assert
      const [missing] = await schemaErrors(deleting);
      expect(missing!.meta).toStrictEqual({ param_name: 'public_metadata', path: '/public_metadata/role' });
      const [step] = await schemaErrors(wrongType);
      expect(step!.meta).toStrictEqual({ param_name: 'public_metadata', path: '/public_metadata/step' });
      expect(step!.long_message).toMatch(/\(schema_mismatch at \["public_metadata","step"\]\)$/);
      expect(await readRaw(handler, path)).toStrictEqual(before);
    });

    it('refuses a create whose metadata does not satisfy the schema, creating nothing', async () => {
      // Arrange
      const count = async () => (await json(await backendRequest(handler, 'GET', '/v1/users/count')))['total_count'];
      const before = await count();

      // Act
      const response = await backendRequest(handler, 'POST', '/v1/users', JSON.stringify({ public_metadata: { role: 'owner' } }));

      // Assert
      const [error] = await schemaErrors(response);
      expect(error!.meta.path).toBe('/public_metadata/role');
      expect(await count()).toBe(before);
    });

    it("checks the frontend's unsafe_metadata with the user's unsafeMetadata schema", async () => {
      // Arrange
      const patch = (value: object) =>
        handler(
          new Request('http://localhost/v1/me/metadata', {
            method: 'PATCH',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-user': userId },
            body: new URLSearchParams({ unsafe_metadata: JSON.stringify(value) }).toString(),
          }),
        );

      // Act
      const accepted = await patch({ theme: 'dark' });
      const refused = await patch({ theme: 'blue' });

      // Assert
      expect(accepted.status).toBe(200);
      const [error] = await schemaErrors(refused);
      expect(error!.meta).toStrictEqual({ param_name: 'unsafe_metadata', path: '/unsafe_metadata/theme' });
      expect(((await readRaw(handler, `/v1/users/${userId}`)) as Record<string, unknown>)['unsafe_metadata']).toStrictEqual({ theme: 'dark' });
    });

    it("checks organizations' and memberships' metadata with their own schemas", async () => {
      // Arrange
      const created = await backendRequest(handler, 'POST', '/v1/organizations', JSON.stringify({ name: 'Acme', public_metadata: { role: 'admin' } }));
      expect(created.status).toBe(200);
      const organizationId = (await json(created))['id'] as string;
      const member = await backendRequest(
        handler,
        'POST',
        `/v1/organizations/${organizationId}/memberships`,
        JSON.stringify({ user_id: userId, role: 'org:member', private_metadata: { role: 'member' } }),
      );
      expect(member.status).toBe(200);

      // Act
      const organization = await backendRequest(handler, 'PUT', `/v1/organizations/${organizationId}/metadata`, JSON.stringify({ public_metadata: { extra: 1 } }));
      const membership = await backendRequest(
        handler,
        'PATCH',
        `/v1/organizations/${organizationId}/memberships/${userId}/metadata`,
        JSON.stringify({ private_metadata: { role: 'guest' } }),
      );
      // public metadata of a membership has no schema
      const free = await backendRequest(
        handler,
        'PATCH',
        `/v1/organizations/${organizationId}/memberships/${userId}/metadata`,
        JSON.stringify({ public_metadata: { anything: true } }),
      );

      // Assert
      expect((await schemaErrors(organization)).map((error) => error.meta.param_name)).toContain('public_metadata');
      expect((await schemaErrors(membership))[0]!.meta).toStrictEqual({ param_name: 'private_metadata', path: '/private_metadata/role' });
      expect(free.status).toBe(200);
    });
  },
);

describe('schemas through the official @clerk/backend SDK', () => {
  it('turns a refused write into a ClerkAPIResponseError 422 whose errors name the field and path', async () => {
    // Arrange
    const { server, clerk } = await startServer({ schemas: { user: { publicMetadata: buildSchema('zod', roleShape) } } });
    try {
      const user = await clerk.users.createUser({ publicMetadata: { role: 'member' } });

      // Act
      const error = await clerk.users.updateUserMetadata(user.id, { publicMetadata: { role: 'owner' } }).then(
        () => undefined,
        (reason: unknown) => reason,
      );

      // Assert
      expect(isClerkAPIResponseError(error)).toBe(true);
      if (!isClerkAPIResponseError(error)) return;
      expect(error.status).toBe(422);
      expect(error.errors.map((e) => [e.code, e.meta?.paramName])).toStrictEqual([['schema_mismatch', 'public_metadata']]);
      expect((await clerk.users.getUser(user.id)).publicMetadata).toStrictEqual({ role: 'member' });
    } finally {
      await server.close();
    }
  });
});

describe('the schemas option', () => {
  it.each([
    ['an unknown resource', { users: {} }, /schemas\.users is not a resource/],
    ['a field the resource does not have', { organization: { unsafeMetadata: z.object({}) } }, /schemas\.organization\.unsafeMetadata is not a metadata field/],
    ['a misspelt field', { user: { publicMetdata: z.object({}) } }, /schemas\.user\.publicMetdata is not a metadata field/],
    ['a value that is not a Standard Schema', { user: { publicMetadata: { parse: () => true } } }, /schemas\.user\.publicMetadata is not a Standard Schema/],
    ['a Standard Schema of another version', { user: { publicMetadata: { '~standard': { version: 2, validate: () => ({}) } } } }, /not a Standard Schema/],
    ['not an object', 'zod', /schemas must be an object/],
  ])('refuses %s when the handler is created', (_name, schemas, message) => {
    expect(() => createMetadataHandler({ secretKey, schemas: schemas as never })).toThrow(message);
  });

  it('takes resources and fields left undefined as having no schema', async () => {
    // Arrange
    const handler = createMetadataHandler({ secretKey, schemas: { user: { publicMetadata: undefined }, organization: undefined } });

    // Act
    const response = await backendRequest(handler, 'POST', '/v1/users', JSON.stringify({ public_metadata: { any: 'thing' } }));

    // Assert
    expect(response.status).toBe(200);
  });

  it('answers 500 (told to onError), writing nothing, when a schema validates asynchronously', async () => {
    // Arrange: a zod schema with an async refinement returns a promise from validate
    const errors: unknown[] = [];
    const asyncSchema: StandardSchemaV1 = z.object({ role: z.string() }).refine(async () => true);
    const handler = createMetadataHandler({ secretKey, schemas: { user: { publicMetadata: asyncSchema } }, onError: (error) => errors.push(error) });
    const created = await backendRequest(handler, 'POST', '/v1/users', '{}');
    const userId = (await json(created))['id'] as string;
    const before = await readRaw(handler, `/v1/users/${userId}`);

    // Act
    const response = await backendRequest(handler, 'PATCH', `/v1/users/${userId}/metadata`, JSON.stringify({ public_metadata: { role: 'x' } }));

    // Assert
    expect(response.status).toBe(500);
    expect(((await response.json()) as { errors: ClerkError[] }).errors[0]!.code).toBe('internal_error');
    expect(errors).toHaveLength(1);
    expect((errors[0] as { code?: unknown }).code).toBe('invalid_schema');
    expect(await readRaw(handler, `/v1/users/${userId}`)).toStrictEqual(before);
  });
});
