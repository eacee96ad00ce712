import { isClerkAPIResponseError } from '@clerk/backend/errors';
import type { ClerkClient, User } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeHttpServer } from '../node.js';
import { secretKey, startServer } from './support/harness.js';
import { memoryAndPgliteStores } from './support/testStores.js';

// The SDK calls users make around metadata, through the real @clerk/backend 3.25 over HTTP, on the memory
// store and on postgresStore over PGlite: lists with limit/offset/totalCount and orderBy, counts, updates,
// lookups by slug and memberships.
const stores = memoryAndPgliteStores('sdk_lists');

async function clerkError(promise: Promise<unknown>): Promise<{ status: number; code: string | undefined }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isClerkAPIResponseError(error)) throw new Error(`expected a ClerkAPIResponseError, got ${String(error)}`);
  return { status: error.status, code: error.errors[0]?.code };
}

describe.each(stores)('SDK lists and updates on $name', ({ make }) => {
  let server: NodeHttpServer;
  let clerk: ClerkClient;
  const users: User[] = [];
  let clock = 1_700_000_000_000;

  beforeAll(async () => {
    ({ server, clerk } = await startServer({ store: make(), now: () => (clock += 1000) }));
    const people = [
      ['Ada', 'Lovelace', 'ada'],
      ['Grace', 'Hopper', 'grace'],
      ['Alan', 'Turing', 'alan'],
      ['Edsger', 'Dijkstra', 'edsger'],
      ['Barbara', 'Liskov', 'barbara'],
    ] as const;
    for (const [firstName, lastName, username] of people) {
      users.push(
        await clerk.users.createUser({
          firstName,
          lastName,
          username,
          externalId: `ext_${username}`,
          emailAddress: [`${username}@example.com`],
          publicMetadata: { plan: 'free' },
        }),
      );
    }
  });
  afterAll(async () => {
    await server.close();
  });

  it('getUserList pages newest first, with totalCount, and getCount agrees', async () => {
    // Act
    const first = await clerk.users.getUserList({ limit: 2 });
    const second = await clerk.users.getUserList({ limit: 2, offset: 2 });
    const last = await clerk.users.getUserList({ limit: 2, offset: 4 });
    const count = await clerk.users.getCount();

    // Assert
    const newestFirst = [...users].reverse().map((user) => user.id);
    expect([...first.data, ...second.data, ...last.data].map((user) => user.id)).toEqual(newestFirst);
    expect([first.totalCount, second.totalCount, last.totalCount, count]).toEqual([5, 5, 5, 5]);
    expect(first.data[0]!.publicMetadata).toEqual({ plan: 'free' });
  });

  it('getUserList orders by orderBy, either way', async () => {
    // Act
    const byFirstName = await clerk.users.getUserList({ orderBy: 'first_name' });
    const byLastNameDescending = await clerk.users.getUserList({ orderBy: '-last_name' });
    const oldestFirst = await clerk.users.getUserList({ orderBy: '+created_at', limit: 1 });

    // Assert
    expect(byFirstName.data.map((user) => user.firstName)).toEqual(['Ada', 'Alan', 'Barbara', 'Edsger', 'Grace']);
    expect(byLastNameDescending.data.map((user) => user.lastName)).toEqual(['Turing', 'Lovelace', 'Liskov', 'Hopper', 'Dijkstra']);
    expect(oldestFirst.data.map((user) => user.id)).toEqual([users[0]!.id]);
  });

  it('getUserList and getCount filter by userId, emailAddress, externalId and query', async () => {
    // Act
    const byIds = await clerk.users.getUserList({ userId: [users[1]!.id, users[3]!.id] });
    const byEmail = await clerk.users.getUserList({ emailAddress: ['alan@example.com', 'nobody@example.com'] });
    const byExternalId = await clerk.users.getUserList({ externalId: ['ext_barbara'] });
    const byQuery = await clerk.users.getUserList({ query: 'LOV' });
    const countByQuery = await clerk.users.getCount({ query: 'ARBAR' });
    const countByEmail = await clerk.users.getCount({ emailAddress: ['ada@example.com', 'grace@example.com'] });

    // Assert
    expect(byIds.data.map((user) => user.id).sort()).toEqual([users[1]!.id, users[3]!.id].sort());
    expect(byIds.totalCount).toBe(2);
    expect(byEmail.data.map((user) => user.username)).toEqual(['alan']);
    expect(byExternalId.data.map((user) => user.username)).toEqual(['barbara']);
    expect(byQuery.data.map((user) => user.username)).toEqual(['ada']);
    // Barbara, ASCII case ignored.
    expect([countByQuery, countByEmail]).toEqual([1, 2]);
  });

  it('updateUser changes profile attributes, and the memberships show them', async () => {
    // Arrange
    const user = await clerk.users.createUser({ firstName: 'Old', emailAddress: ['old@example.com'] });
    const organization = await clerk.organizations.createOrganization({ name: 'Profiles', createdBy: user.id });

    const firstByName = async () => (await clerk.users.getUserList({ orderBy: 'first_name', limit: 1 })).data[0]!.firstName;
    const before = await firstByName();

    // Act
    const updated = await clerk.users.updateUser(user.id, { firstName: 'AAA', lastName: 'Name', username: 'newname', externalId: 'ext_new' });
    const [membership] = (await clerk.organizations.getOrganizationMembershipList({ organizationId: organization.id })).data;

    // Assert
    expect([updated.firstName, updated.lastName, updated.username, updated.externalId]).toEqual(['AAA', 'Name', 'newname', 'ext_new']);
    expect((await clerk.users.getUser(user.id)).firstName).toBe('AAA');
    expect(membership!.publicUserData?.firstName).toBe('AAA');
    // A list sorted before the update is sorted again after it.
    expect([before, await firstByName()]).toEqual(['Ada', 'AAA']);
    await clerk.users.deleteUser(user.id);
    await clerk.organizations.deleteOrganization(organization.id);
  });

  it('organizations: list with pagination, orderBy, query and members counts; get by slug; update', async () => {
    // Arrange
    const [zeta, alpha, mid] = [
      await clerk.organizations.createOrganization({ name: 'Zeta Corp', createdBy: users[0]!.id }),
      await clerk.organizations.createOrganization({ name: 'Alpha Corp' }),
      await clerk.organizations.createOrganization({ name: 'Mid Corp', createdBy: users[1]!.id }),
    ];
    await clerk.organizations.createOrganizationMembership({ organizationId: zeta.id, userId: users[2]!.id, role: 'org:member' });

    // Act
    const page = await clerk.organizations.getOrganizationList({ limit: 2, offset: 1, orderBy: 'name' });
    const byMembers = await clerk.organizations.getOrganizationList({ includeMembersCount: true, orderBy: '-members_count', query: 'corp' });
    const bySlug = await clerk.organizations.getOrganization({ slug: 'mid-corp', includeMembersCount: true });
    const updated = await clerk.organizations.updateOrganization(alpha.id, { name: 'Alpha Two', slug: 'alpha-two', maxAllowedMemberships: 3 });

    // Assert
    expect(page.data.map((organization) => organization.name)).toEqual(['Mid Corp', 'Zeta Corp']);
    expect(page.totalCount).toBe(3);
    expect(byMembers.data.map((organization) => [organization.name, organization.membersCount])).toEqual([
      ['Zeta Corp', 2],
      ['Mid Corp', 1],
      ['Alpha Corp', 0],
    ]);
    expect(bySlug.id).toBe(mid.id);
    expect(bySlug.membersCount).toBe(1);
    expect([updated.name, updated.slug, updated.maxAllowedMemberships]).toEqual(['Alpha Two', 'alpha-two', 3]);
    expect((await clerk.organizations.getOrganization({ slug: 'alpha-two' })).id).toBe(alpha.id);
    expect(await clerkError(clerk.organizations.getOrganization({ slug: 'alpha-corp' }))).toEqual({ status: 404, code: 'resource_not_found' });
    for (const organization of [zeta, alpha, mid]) await clerk.organizations.deleteOrganization(organization.id);
  });

  it('memberships: created with metadata, listed per organization, per user and instance-wide, role updated', async () => {
    // Arrange
    const organization = await clerk.organizations.createOrganization({ name: 'Members Inc' });
    for (const [index, user] of users.entries()) {
      await clerk.organizations.createOrganizationMembership({
        organizationId: organization.id,
        userId: user.id,
        role: index === 0 ? 'org:admin' : 'org:member',
        publicMetadata: { seat: index },
        privateMetadata: { note: `n${index}` },
      } as Parameters<ClerkClient['organizations']['createOrganizationMembership']>[0]);
    }

    // Act
    const newestFirst = await clerk.organizations.getOrganizationMembershipList({ organizationId: organization.id, limit: 2, offset: 1 });
    const byFirstName = await clerk.organizations.getOrganizationMembershipList({ organizationId: organization.id, orderBy: 'first_name' });
    const admins = await clerk.organizations.getOrganizationMembershipList({ organizationId: organization.id, role: ['org:admin'] });
    const twoUsers = await clerk.organizations.getOrganizationMembershipList({ organizationId: organization.id, userId: [users[1]!.id, users[2]!.id] });
    const promoted = await clerk.organizations.updateOrganizationMembership({ organizationId: organization.id, userId: users[4]!.id, role: 'org:admin' });
    const ofUser = await clerk.users.getOrganizationMembershipList({ userId: users[4]!.id, limit: 10 });
    const instance = await clerk.organizations.getInstanceOrganizationMembershipList({ limit: 1, orderBy: '+created_at' });

    // Assert
    expect(newestFirst.totalCount).toBe(5);
    expect(newestFirst.data.map((membership) => membership.publicUserData?.userId)).toEqual([users[3]!.id, users[2]!.id]);
    expect(newestFirst.data[0]!.publicMetadata).toEqual({ seat: 3 });
    expect(newestFirst.data[0]!.privateMetadata).toEqual({ note: 'n3' });
    expect(byFirstName.data.map((membership) => membership.publicUserData?.firstName)).toEqual(['Ada', 'Alan', 'Barbara', 'Edsger', 'Grace']);
    expect(admins.data.map((membership) => membership.publicUserData?.userId)).toEqual([users[0]!.id]);
    expect(twoUsers.totalCount).toBe(2);
    expect([promoted.role, promoted.publicMetadata]).toEqual(['org:admin', { seat: 4 }]);
    expect(ofUser.totalCount).toBe(1);
    expect(ofUser.data[0]!.organization.id).toBe(organization.id);
    expect(ofUser.data[0]!.role).toBe('org:admin');
    expect(instance.totalCount).toBeGreaterThanOrEqual(5);
    expect(instance.data).toHaveLength(1);
    await clerk.organizations.deleteOrganization(organization.id);
  });

  it('a filter, a slug or a path id holding U+0000 or a lone surrogate finds nothing: never a 500', async () => {
    // Arrange
    const organization = await clerk.organizations.createOrganization({ name: 'Nul' });
    const paths = [
      '/v1/users?user_id=user_%00',
      '/v1/users?user_id=-%00&email_address=%00&username=%ED%A0%80&query=%00',
      '/v1/users/count?external_id=%00',
      '/v1/organizations?query=%00&organization_id=%00',
      `/v1/organizations/${organization.id}/memberships?user_id=%00&role=%00`,
      '/v1/users/user_%00/organization_memberships',
      '/v1/organizations/nul%00',
    ];

    // Act
    const statuses = [];
    for (const path of paths) {
      statuses.push((await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${secretKey}` } })).status);
    }
    const patches = [
      await fetch(`${server.url}/v1/organizations/${organization.id}/memberships/user_%00`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${secretKey}` },
        body: JSON.stringify({ role: 'org:admin' }),
      }),
      await fetch(`${server.url}/v1/users/${users[0]!.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${secretKey}` }, body: JSON.stringify({ first_name: 'a\u0000' }) }),
    ];

    // Assert
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 404]);
    expect(patches.map((response) => response.status)).toEqual([404, 422]);
    await clerk.organizations.deleteOrganization(organization.id);
  });

  it('refuses a filter it does not implement, rather than ignoring it', async () => {
    // Act / Assert
    expect(await clerkError(clerk.users.getUserList({ organizationId: ['org_x'] }))).toEqual({ status: 422, code: 'form_param_unsupported' });
  });
});
