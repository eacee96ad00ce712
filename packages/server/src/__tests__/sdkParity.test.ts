import { isClerkAPIResponseError } from '@clerk/backend/errors';
import type { ClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeHttpServer } from '../node.js';
import { startServer } from './support/harness.js';

// What the official SDK (@clerk/backend 3.25) can send and read, against Clerk's description (2026-05-12): a
// parameter the SDK types but this server does not implement is refused as unsupported and changes nothing, a
// status is one the description lists for the operation, and a membership carries its role's system permissions.
let server: NodeHttpServer;
let clerk: ClerkClient;

beforeAll(async () => {
  ({ server, clerk } = await startServer());
});
afterAll(async () => {
  await server.close();
});

/** The status, code and parameter of the Clerk error a call fails with. */
async function clerkErrorOf(promise: Promise<unknown>): Promise<{ status: number; code?: string; paramName?: string }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isClerkAPIResponseError(error)) throw new Error(`expected a Clerk API error, got ${String(error)}`);
  return { status: error.status, code: error.errors[0]?.code, paramName: error.errors[0]?.meta?.paramName };
}

const unsupported = (paramName: string) => ({ status: 422, code: 'form_param_unsupported', paramName });

describe('timezone, typed by the SDK on createUser and updateUser, is not in the 2026-05-12 User', () => {
  it('createUser with a timezone is refused as unsupported and creates no user', async () => {
    // Arrange
    const before = await clerk.users.getCount();

    // Act
    const error = await clerkErrorOf(clerk.users.createUser({ firstName: 'Tz', timezone: 'Europe/Paris' }));

    // Assert
    expect(error).toEqual(unsupported('timezone'));
    expect(await clerk.users.getCount()).toBe(before);
  });

  it('updateUser with a timezone is refused as unsupported and changes nothing', async () => {
    // Arrange
    const user = await clerk.users.createUser({ firstName: 'Before' });

    // Act
    const error = await clerkErrorOf(clerk.users.updateUser(user.id, { firstName: 'After', timezone: 'Europe/Paris' }));

    // Assert
    expect(error).toEqual(unsupported('timezone'));
    const after = await clerk.users.getUser(user.id);
    expect(after.firstName).toBe('Before');
    expect(after.raw).not.toHaveProperty('timezone');
  });
});

describe('createOrganization with a created_by no user has', () => {
  it('answers 422 naming created_by (the description lists 400, 402, 403 and 422), and creates no organization', async () => {
    // Arrange
    const before = (await clerk.organizations.getOrganizationList({ limit: 1 })).totalCount;

    // Act
    const error = await clerkErrorOf(clerk.organizations.createOrganization({ name: 'Orphan', createdBy: 'user_missing' }));

    // Assert
    expect(error.status).toBe(422);
    expect(error.paramName).toBe('created_by');
    expect((await clerk.organizations.getOrganizationList({ limit: 1 })).totalCount).toBe(before);
  });
});

describe("a membership's permissions are its system role's, as Clerk's roles-and-permissions guide gives them", () => {
  // The system permissions @clerk/shared types (OrganizationSystemPermissionKey): an admin has all of them, a
  // member reads the members only; a custom role has those its definition grants, and this server keeps none.
  const allSystemPermissions = [
    'org:sys_domains:manage',
    'org:sys_domains:read',
    'org:sys_memberships:manage',
    'org:sys_memberships:read',
    'org:sys_profile:delete',
    'org:sys_profile:manage',
  ];

  it('the creator (org:admin) has every system permission; org:member reads the members; a custom role has none', async () => {
    // Arrange
    const [creator, member, custom] = await Promise.all([clerk.users.createUser({}), clerk.users.createUser({}), clerk.users.createUser({})]);
    const organization = await clerk.organizations.createOrganization({ name: 'Roles', createdBy: creator.id });

    // Act
    await clerk.organizations.createOrganizationMembership({ organizationId: organization.id, userId: member.id, role: 'org:member' });
    await clerk.organizations.createOrganizationMembership({ organizationId: organization.id, userId: custom.id, role: 'org:billing' });
    const { data } = await clerk.organizations.getOrganizationMembershipList({ organizationId: organization.id });

    // Assert
    const permissionsOf = (userId: string) => [...data.find((membership) => membership.publicUserData?.userId === userId)!.permissions].sort();
    expect(permissionsOf(creator.id)).toEqual(allSystemPermissions);
    expect(permissionsOf(member.id)).toEqual(['org:sys_memberships:read']);
    expect(permissionsOf(custom.id)).toEqual([]);
  });

  it('follow a change of role', async () => {
    // Arrange
    const user = await clerk.users.createUser({});
    const organization = await clerk.organizations.createOrganization({ name: 'Promotion' });
    await clerk.organizations.createOrganizationMembership({ organizationId: organization.id, userId: user.id, role: 'org:member' });

    // Act
    const promoted = await clerk.organizations.updateOrganizationMembership({ organizationId: organization.id, userId: user.id, role: 'org:admin' });
    const listed = await clerk.users.getOrganizationMembershipList({ userId: user.id });

    // Assert
    expect([...promoted.permissions].sort()).toEqual(allSystemPermissions);
    expect([...listed.data[0]!.permissions].sort()).toEqual(allSystemPermissions);
  });
});
