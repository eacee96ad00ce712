import { isClerkAPIResponseError } from '@clerk/backend/errors';
import type { ClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeHttpServer } from '../node.js';
import { startServer } from './support/harness.js';

// The official @clerk/backend SDK is the client: if it can build its objects
// from our answers and sees our errors as its own, we are compatible.
let server: NodeHttpServer;
let clerk: ClerkClient;

beforeAll(async () => {
  ({ server, clerk } = await startServer());
});
afterAll(async () => {
  await server.close();
});

async function expectClerkError(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isClerkAPIResponseError(error)).toBe(true);
  if (!isClerkAPIResponseError(error)) return;
  expect(error.status).toBe(status);
  expect(error.errors[0]?.code).toBe(code);
}

describe('users through the SDK', () => {
  it('creates a user with profile fields and metadata, and gets it back', async () => {
    // Arrange / Act
    const created = await clerk.users.createUser({
      firstName: 'Ada',
      lastName: 'Lovelace',
      username: 'ada',
      emailAddress: ['ada@example.com'],
      phoneNumber: ['+15555550100'],
      publicMetadata: { plan: 'pro' },
      privateMetadata: { stripeId: 'cus_1' },
      unsafeMetadata: { theme: 'dark' },
    });
    const fetched = await clerk.users.getUser(created.id);

    // Assert
    expect(created.id).toMatch(/^user_[0-9A-Za-z]{27}$/);
    expect(fetched.fullName).toBe('Ada Lovelace');
    expect(fetched.username).toBe('ada');
    expect(fetched.primaryEmailAddress?.emailAddress).toBe('ada@example.com');
    expect(fetched.primaryPhoneNumber?.phoneNumber).toBe('+15555550100');
    expect(fetched.publicMetadata).toEqual({ plan: 'pro' });
    expect(fetched.privateMetadata).toEqual({ stripeId: 'cus_1' });
    expect(fetched.unsafeMetadata).toEqual({ theme: 'dark' });
    expect(typeof fetched.createdAt).toBe('number');
    expect(fetched.updatedAt).toBeGreaterThanOrEqual(fetched.createdAt);
  });

  it('updateUserMetadata deep-merges and deletes with null, as the Clerk docs say', async () => {
    // Arrange
    const user = await clerk.users.createUser({
      publicMetadata: { example: 'metadata', prefs: { theme: 'dark', lang: 'en' } },
      privateMetadata: { secret: 1 },
    });

    // Act
    const updated = await clerk.users.updateUserMetadata(user.id, {
      publicMetadata: { birthday: '1990-01-01', prefs: { theme: null, font: 'serif' } },
    });

    // Assert
    expect(updated.publicMetadata).toEqual({
      example: 'metadata',
      prefs: { lang: 'en', font: 'serif' },
      birthday: '1990-01-01',
    });
    expect(updated.privateMetadata).toEqual({ secret: 1 });
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual(updated.publicMetadata);
  });

  it('updateUserMetadata with {} sends no body and changes no metadata', async () => {
    // Arrange
    const user = await clerk.users.createUser({ publicMetadata: { a: 1 } });

    // Act
    const updated = await clerk.users.updateUserMetadata(user.id, {});

    // Assert
    expect(updated.publicMetadata).toEqual({ a: 1 });
    expect(updated.privateMetadata).toEqual({});
  });

  it('replaceUserMetadata overwrites provided fields in full and keeps omitted ones', async () => {
    // Arrange
    const user = await clerk.users.createUser({
      publicMetadata: { role: 'member', team: 'a' },
      unsafeMetadata: { keep: true },
    });

    // Act
    const replaced = await clerk.users.replaceUserMetadata(user.id, {
      publicMetadata: { role: 'admin' },
      privateMetadata: null as unknown as Record<string, unknown>,
    });

    // Assert
    expect(replaced.publicMetadata).toEqual({ role: 'admin' });
    expect(replaced.privateMetadata).toBeNull();
    expect(replaced.unsafeMetadata).toEqual({ keep: true });
  });

  it('the deprecated updateUser with metadata replaces (it sends PUT)', async () => {
    // Arrange
    const user = await clerk.users.createUser({ publicMetadata: { a: 1, b: 2 } });

    // Act
    const updated = await clerk.users.updateUser(user.id, { publicMetadata: { b: 3 } });

    // Assert
    expect(updated.publicMetadata).toEqual({ b: 3 });
  });

  it('deleteUser deletes, and the user is gone afterwards (404 from the SDK)', async () => {
    // Arrange
    const user = await clerk.users.createUser({});

    // Act
    const deleted = await clerk.users.deleteUser(user.id);

    // Assert
    expect(deleted).toMatchObject({ object: 'user', id: user.id, deleted: true });
    await expectClerkError(clerk.users.getUser(user.id), 404, 'resource_not_found');
  });

  it('4xx answers become ClerkAPIResponseError with status and code', async () => {
    // Arrange
    const user = await clerk.users.createUser({ publicMetadata: { a: 1 } });

    // Act / Assert
    await expectClerkError(clerk.users.updateUserMetadata('user_missing', { publicMetadata: {} }), 404, 'resource_not_found');
    await expectClerkError(
      clerk.users.updateUserMetadata(user.id, { publicMetadata: 'nope' as unknown as Record<string, unknown> }),
      422,
      'invalid_field_type',
    );
    await expectClerkError(
      clerk.users.updateUserMetadata(user.id, { publicMetadata: { big: 'x'.repeat(9000) } }),
      422,
      'too_large',
    );
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ a: 1 });
  });

  it('a client with the wrong secret key gets 401 as ClerkAPIResponseError', async () => {
    // Arrange
    const { createClerkClient } = await import('@clerk/backend');
    const stranger = createClerkClient({ secretKey: 'sk_test_wrong', apiUrl: server.url });

    // Act / Assert
    await expectClerkError(stranger.users.createUser({}), 401, 'authentication_invalid');
  });
});

describe('organizations and memberships through the SDK', () => {
  it('creates an organization with metadata and gets it back', async () => {
    // Arrange / Act
    const organization = await clerk.organizations.createOrganization({
      name: 'Acme Inc',
      publicMetadata: { tier: 'gold' },
      privateMetadata: { billing: { id: 7 } },
    });
    const fetched = await clerk.organizations.getOrganization({ organizationId: organization.id });

    // Assert
    expect(organization.id).toMatch(/^org_/);
    expect(fetched.name).toBe('Acme Inc');
    expect(fetched.slug).toBe('acme-inc');
    expect(fetched.publicMetadata).toEqual({ tier: 'gold' });
    expect(fetched.privateMetadata).toEqual({ billing: { id: 7 } });
  });

  it('updateOrganizationMetadata merges and replaceOrganizationMetadata replaces', async () => {
    // Arrange
    const organization = await clerk.organizations.createOrganization({
      name: 'Merge Co',
      publicMetadata: { a: { b: 1, c: 2 } },
    });

    // Act
    const merged = await clerk.organizations.updateOrganizationMetadata(organization.id, {
      publicMetadata: { a: { c: null, d: 4 } },
      privateMetadata: { p: 1 },
    });
    const replaced = await clerk.organizations.replaceOrganizationMetadata(organization.id, {
      publicMetadata: { only: true },
    });

    // Assert
    expect(merged.publicMetadata).toEqual({ a: { b: 1, d: 4 } });
    expect(merged.privateMetadata).toEqual({ p: 1 });
    expect(replaced.publicMetadata).toEqual({ only: true });
    expect(replaced.privateMetadata).toEqual({ p: 1 });
  });

  it('organizations have no unsafe metadata: 422 unknown_field', async () => {
    // Arrange
    const organization = await clerk.organizations.createOrganization({ name: 'Strict' });

    // Act / Assert
    await expectClerkError(
      clerk.organizations.updateOrganizationMetadata(organization.id, {
        unsafeMetadata: { x: 1 },
      } as unknown as { publicMetadata: Record<string, unknown> }),
      422,
      'unknown_field',
    );
  });

  it('creates a membership and merges its metadata', async () => {
    // Arrange
    const user = await clerk.users.createUser({ firstName: 'Grace', emailAddress: ['grace@example.com'] });
    const organization = await clerk.organizations.createOrganization({ name: 'Navy' });

    // Act
    const membership = await clerk.organizations.createOrganizationMembership({
      organizationId: organization.id,
      userId: user.id,
      role: 'org:member',
    });
    await clerk.organizations.updateOrganizationMembershipMetadata({
      organizationId: organization.id,
      userId: user.id,
      publicMetadata: { rank: 'admiral', ships: { a: 1 } },
    });
    const updated = await clerk.organizations.updateOrganizationMembershipMetadata({
      organizationId: organization.id,
      userId: user.id,
      publicMetadata: { ships: { a: null, b: 2 } },
      privateMetadata: { note: 'x' },
    });

    // Assert
    expect(membership.role).toBe('org:member');
    expect(membership.publicUserData?.userId).toBe(user.id);
    expect(membership.publicUserData?.identifier).toBe('grace@example.com');
    expect(updated.organization.id).toBe(organization.id);
    expect(updated.publicMetadata).toEqual({ rank: 'admiral', ships: { b: 2 } });
    expect(updated.privateMetadata).toEqual({ note: 'x' });
  });

  it('createdBy makes the creator an admin member; a second membership is refused', async () => {
    // Arrange
    const user = await clerk.users.createUser({});
    const organization = await clerk.organizations.createOrganization({ name: 'Own', createdBy: user.id });

    // Act / Assert
    const updated = await clerk.organizations.updateOrganizationMembershipMetadata({
      organizationId: organization.id,
      userId: user.id,
      publicMetadata: { founder: true },
    });
    expect(updated.role).toBe('org:admin');
    await expectClerkError(
      clerk.organizations.createOrganizationMembership({ organizationId: organization.id, userId: user.id, role: 'org:member' }),
      422,
      'already_a_member_in_organization',
    );
  });

  it('deleting a user deletes the memberships: their metadata endpoint answers 404', async () => {
    // Arrange
    const user = await clerk.users.createUser({});
    const organization = await clerk.organizations.createOrganization({ name: 'Gone', createdBy: user.id });

    // Act
    await clerk.users.deleteUser(user.id);

    // Assert
    await expectClerkError(
      clerk.organizations.updateOrganizationMembershipMetadata({
        organizationId: organization.id,
        userId: user.id,
        publicMetadata: { a: 1 },
      }),
      404,
      'resource_not_found',
    );
  });
  it('deleteOrganizationMembership removes the user from the organization and returns the membership', async () => {
    // Arrange
    const user = await clerk.users.createUser({ firstName: 'Ida', emailAddress: ['ida@example.com'] });
    const other = await clerk.users.createUser({});
    const organization = await clerk.organizations.createOrganization({ name: 'Leaving' });
    await clerk.organizations.createOrganizationMembership({ organizationId: organization.id, userId: user.id, role: 'org:member' });
    await clerk.organizations.createOrganizationMembership({ organizationId: organization.id, userId: other.id, role: 'org:member' });
    await clerk.organizations.updateOrganizationMembershipMetadata({
      organizationId: organization.id,
      userId: user.id,
      publicMetadata: { seat: 3 },
    });

    // Act
    const removed = await clerk.organizations.deleteOrganizationMembership({ organizationId: organization.id, userId: user.id });

    // Assert: the SDK builds an OrganizationMembership from the answer, as it was.
    expect(removed.role).toBe('org:member');
    expect(removed.publicUserData?.userId).toBe(user.id);
    expect(removed.publicUserData?.identifier).toBe('ida@example.com');
    expect(removed.organization.id).toBe(organization.id);
    expect(removed.publicMetadata).toEqual({ seat: 3 });
    await expectClerkError(
      clerk.organizations.deleteOrganizationMembership({ organizationId: organization.id, userId: user.id }),
      404,
      'resource_not_found',
    );
    await expectClerkError(
      clerk.organizations.updateOrganizationMembershipMetadata({ organizationId: organization.id, userId: user.id, publicMetadata: {} }),
      404,
      'resource_not_found',
    );
    const kept = await clerk.organizations.updateOrganizationMembershipMetadata({
      organizationId: organization.id,
      userId: other.id,
      publicMetadata: { stays: true },
    });
    expect(kept.publicMetadata).toEqual({ stays: true });
    expect((await clerk.users.getUser(user.id)).id).toBe(user.id);
    // The user can join again, with fresh membership metadata.
    const rejoined = await clerk.organizations.createOrganizationMembership({
      organizationId: organization.id,
      userId: user.id,
      role: 'org:admin',
    });
    expect(rejoined.publicMetadata).toEqual({});
  });

  it('deleteOrganization deletes the organization and its memberships, not its users', async () => {
    // Arrange
    const user = await clerk.users.createUser({ publicMetadata: { keep: true } });
    const organization = await clerk.organizations.createOrganization({ name: 'Closing', createdBy: user.id });

    // Act
    const deleted = await clerk.organizations.deleteOrganization(organization.id);

    // Assert: Clerk answers a deleted-object, which the SDK turns into its DeletedObject.
    expect(deleted).toMatchObject({ object: 'organization', id: organization.id, deleted: true });
    await expectClerkError(clerk.organizations.getOrganization({ organizationId: organization.id }), 404, 'resource_not_found');
    await expectClerkError(
      clerk.organizations.updateOrganizationMembershipMetadata({ organizationId: organization.id, userId: user.id, publicMetadata: {} }),
      404,
      'resource_not_found',
    );
    await expectClerkError(clerk.organizations.deleteOrganization(organization.id), 404, 'resource_not_found');
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ keep: true });
  });

  it('deleteOrganizationMembership in an unknown organization, or of a non-member, is a 404', async () => {
    // Arrange
    const user = await clerk.users.createUser({});
    const organization = await clerk.organizations.createOrganization({ name: 'Strangers' });

    // Act / Assert
    await expectClerkError(
      clerk.organizations.deleteOrganizationMembership({ organizationId: 'org_missing', userId: user.id }),
      404,
      'resource_not_found',
    );
    await expectClerkError(
      clerk.organizations.deleteOrganizationMembership({ organizationId: organization.id, userId: user.id }),
      404,
      'resource_not_found',
    );
  });
});
