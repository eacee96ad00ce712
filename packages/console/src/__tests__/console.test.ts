import type { StandardSchemaV1 } from '@metadata-semantics/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openConsole, startServer, until, type TestServer } from './support/consoleHarness.js';

type Opened = ReturnType<typeof openConsole>;
let opened: Opened | undefined;
const open = (server: TestServer, hash: string, options?: { signedIn?: boolean }): Opened => (opened = openConsole(server, hash, options));

afterEach(async () => {
  await opened?.close();
  opened = undefined;
  vi.useRealTimers();
});

const people = [
  ['Ada', 'Lovelace', 'ada@example.com'],
  ['Grace', 'Hopper', 'grace@example.com'],
  ['Alan', 'Turing', 'alan@example.org'],
] as const;

/** A server holding the three people as users, Ada with public metadata. */
async function serverWithPeople(options?: Parameters<typeof startServer>[0]) {
  const server = startServer(options);
  const ids: Record<string, string> = {};
  for (const [first, last, email] of people) {
    const metadata = first === 'Ada' ? { public_metadata: { plan: 'free', prefs: { theme: 'dark', lang: 'en' } } } : {};
    const user = await server.call<{ id: string }>('POST', '/v1/users', { first_name: first, last_name: last, email_address: [email], ...metadata });
    ids[first] = user.id;
  }
  return { server, ids };
}

/** Opens Ada's page and waits for her metadata. */
async function openAda(options?: Parameters<typeof startServer>[0]) {
  const { server, ids } = await serverWithPeople(options);
  const page = open(server, `#/users/${ids['Ada']}`);
  await until(() => expect(page.text('h1')).toBe('Ada Lovelace'));
  await until(() => expect(page.field('public_metadata')).toEqual({ plan: 'free', prefs: { theme: 'dark', lang: 'en' } }));
  return { server, ids, page, path: `/v1/users/${ids['Ada']}` };
}

const nameColumn = (page: Opened): string[] => page.rows().map((cells) => cells[0]!);

describe('the console, against the server handler', () => {
  it('lists users with the API’s search, order and paging', async () => {
    // Arrange
    const { server } = await serverWithPeople();
    const page = open(server, '#/users');
    await until(() => expect(page.text('.status')).toBe('1–3 of 3'));

    const searchBox = page.one('input[name="search"]');

    // Act: search, then search by email only
    page.type('input[name="search"]', 'GRACE');
    await until(() => expect(nameColumn(page)).toEqual(['Grace Hopper']));
    page.type('input[name="search"]', 'example.org');
    page.choose('select[name="search_in"]', 'email_address_query');
    await until(() => expect(nameColumn(page)).toEqual(['Alan Turing']));

    // Act: every user by first name, two a page (the address keeps the query)
    page.type('input[name="search"]', '');
    page.choose('select[name="order_by"]', 'first_name');
    page.choose('select[name="direction"]', 'asc');
    await until(() => expect(nameColumn(page)).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']));
    page.type('input[name="user_id"]', `-${(await server.call<{ id: string }[]>('GET', '/v1/users?query=alan'))[0]!.id}`);
    await until(() => expect(nameColumn(page)).toEqual(['Ada Lovelace', 'Grace Hopper']));

    // Assert: the same form all along (the view keeps its query in the address without being built again)
    expect(page.one('input[name="search"]')).toBe(searchBox);

    // Assert: the queries the API took, and where the view is kept
    const queries = page.sent.filter(({ url }) => url.pathname === '/v1/users').map(({ url }) => Object.fromEntries(url.searchParams));
    expect(queries).toContainEqual({ query: 'GRACE' });
    expect(queries).toContainEqual({ email_address_query: 'example.org' });
    expect(queries.at(-1)).toEqual({ user_id: expect.stringMatching(/^-user_/), order_by: 'first_name' });
    expect(page.window.location.hash).toBe(`#/users?${new URLSearchParams(queries.at(-1)!)}`);
  });

  it('pages through a list with the total the API counts', async () => {
    // Arrange
    const server = startServer();
    for (let index = 1; index <= 12; index++) await server.call('POST', '/v1/users', { first_name: `User${String(index).padStart(2, '0')}` });
    const page = open(server, '#/users?order_by=first_name');
    await until(() => expect(page.text('.status')).toBe('1–10 of 12'));

    // Act
    page.click('.pager button:last-child');
    await until(() => expect(page.text('.status')).toBe('11–12 of 12'));

    // Assert
    expect(nameColumn(page)).toEqual(['User11', 'User12']);
    expect(page.one<HTMLButtonElement>('.pager button:last-child').disabled).toBe(true);
  });

  it('opens a user from the list and shows the three fields as formatted JSON', async () => {
    // Arrange
    const { server } = await serverWithPeople();
    const page = open(server, '#/users?query=ada');
    await until(() => expect(nameColumn(page)).toEqual(['Ada Lovelace']));

    // Act
    page.follow('Ada Lovelace');
    await until(() => expect(page.all('[data-field] pre')).toHaveLength(3));

    // Assert
    const expected = { plan: 'free', prefs: { theme: 'dark', lang: 'en' } };
    expect(page.one('[data-field="public_metadata"] pre').textContent).toBe(JSON.stringify(expected, null, 2));
    expect(page.field('private_metadata')).toEqual({});
    expect(page.field('unsafe_metadata')).toEqual({});
    expect(page.text('.facts')).toContain('ada@example.com');
    expect(page.text('.preview')).toContain('No change: the result equals what is shown.');
    expect(page.one<HTMLButtonElement>('form.editor button[type="submit"]').disabled).toBe(true);
  });

  it('previews a patch with a nested null before sending anything, then saves it and shows the value', async () => {
    // Arrange
    const { server, page, path } = await openAda();

    // Act: write the patch
    page.type('textarea[name="text"]', '{"prefs": {"theme": null}, "plan": "pro", "beta": true}');

    // Assert: the preview, with nothing sent
    expect(page.all('.changes li').map((item) => item.textContent)).toEqual([
      'changed /public_metadata/plan "free" → "pro"',
      'deleted /public_metadata/prefs/theme (was "dark")',
      'added /public_metadata/beta true',
    ]);
    const after = { plan: 'pro', prefs: { lang: 'en' }, beta: true };
    expect(page.text('.size')).toContain(`public_metadata: ${JSON.stringify(after).length} of 8,192 bytes`);
    expect(page.writes()).toEqual([]);

    // Act: save
    page.submit('form.editor');

    // Assert: shown at once, then confirmed by the server
    expect(page.field('public_metadata')).toEqual(after);
    await until(() => expect(page.text('.editor .status')).toBe('Saved.'));
    expect(page.writes()).toEqual([
      expect.objectContaining({ method: 'PATCH', body: { public_metadata: { prefs: { theme: null }, plan: 'pro', beta: true } } }),
    ]);
    expect((await server.call('GET', path)).public_metadata).toEqual(after);
    expect(page.field('public_metadata')).toEqual(after);
  });

  it('replaces a field in full, starting from its value', async () => {
    // Arrange
    const { server, page, path } = await openAda();

    // Act
    page.choose('select[name="mode"]', 'replace');
    const prefilled = JSON.parse(page.one<HTMLTextAreaElement>('textarea[name="text"]').value) as unknown;
    page.type('textarea[name="text"]', '{"plan": "team"}');
    const preview = page.all('.changes li').map((item) => item.textContent);
    page.submit('form.editor');
    await until(() => expect(page.text('.editor .status')).toBe('Saved.'));

    // Assert
    expect(prefilled).toEqual({ plan: 'free', prefs: { theme: 'dark', lang: 'en' } });
    expect(preview).toEqual(['changed /public_metadata/plan "free" → "team"', 'deleted /public_metadata/prefs (was {"theme":"dark","lang":"en"})']);
    expect(page.writes().map(({ method }) => method)).toEqual(['PUT']);
    expect((await server.call('GET', path)).public_metadata).toEqual({ plan: 'team' });
  });

  it('refuses a patch over 8 KiB on screen, at its field, and sends nothing', async () => {
    // Arrange
    const { server, page, path } = await openAda();

    // Act
    page.type('textarea[name="text"]', JSON.stringify({ notes: 'x'.repeat(8192) }));
    const save = page.one<HTMLButtonElement>('form.editor button[type="submit"]');
    const offered = !save.disabled;
    page.submit('form.editor');

    // Assert
    expect(page.one('.preview .refusal').dataset).toMatchObject({ code: 'too_large', path: '/public_metadata' });
    expect(page.one('.size').classList.contains('over')).toBe(true);
    expect(offered).toBe(false);
    expect(page.text('.editor .status')).toContain('Not sent: Refused at /public_metadata (too_large)');
    expect(page.field('public_metadata')).toEqual({ plan: 'free', prefs: { theme: 'dark', lang: 'en' } });
    expect(page.writes()).toEqual([]);
    expect((await server.call('GET', path)).public_metadata).toEqual({ plan: 'free', prefs: { theme: 'dark', lang: 'en' } });
  });

  it('rolls a save back with the server’s error when the user was deleted meanwhile', async () => {
    // Arrange
    const { server, page, path } = await openAda();
    await server.call('DELETE', path);

    // Act
    page.type('textarea[name="text"]', '{"plan": "pro"}');
    page.submit('form.editor');
    const shownAtOnce = page.field('public_metadata');
    await until(() => expect(page.text('.editor .status')).toContain('rolled back'));

    // Assert
    expect(shownAtOnce).toEqual({ plan: 'pro', prefs: { theme: 'dark', lang: 'en' } });
    expect(page.field('public_metadata')).toEqual({ plan: 'free', prefs: { theme: 'dark', lang: 'en' } });
    expect(page.text('.editor .status')).toMatch(/404 resource_not_found/);
  });

  it('rolls a save back with the path of the issue when a schema of the server refuses it', async () => {
    // Arrange: a schema the console does not know, as a CLI configuration file gives the server
    const plans = new Set(['free', 'pro']);
    const schema: StandardSchemaV1 = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) =>
          plans.has((value as { plan?: string }).plan ?? 'free') ? { value } : { issues: [{ message: 'Unknown plan', path: ['plan'] }] },
      },
    };
    const { server, page, path } = await openAda({ schemas: { user: { publicMetadata: schema } } });

    // Act
    page.type('textarea[name="text"]', '{"plan": "platinum"}');
    const previewed = page.all('.changes li').map((item) => item.textContent);
    page.submit('form.editor');
    await until(() => expect(page.text('.editor .status')).toContain('rolled back'));

    // Assert
    expect(previewed).toEqual(['changed /public_metadata/plan "free" → "platinum"']);
    expect(page.text('.editor .status')).toBe('The server refused the change; it was rolled back. Unknown plan (422 schema_mismatch at /public_metadata/plan)');
    expect(page.field('public_metadata')).toEqual({ plan: 'free', prefs: { theme: 'dark', lang: 'en' } });
    expect((await server.call('GET', path)).public_metadata).toEqual({ plan: 'free', prefs: { theme: 'dark', lang: 'en' } });
  });

  it('shows a change made meanwhile through the API after the next poll, on a page and in a list', async () => {
    // Arrange
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { server, page, path } = await openAda();

    // Act: the SDK changes Ada's metadata
    await server.call('PATCH', `${path}/metadata`, { public_metadata: { plan: 'team' }, private_metadata: { stripe: 'cus_1' } });
    const beforePoll = page.field('public_metadata');
    await vi.advanceTimersByTimeAsync(2000);

    // Assert
    await until(() => expect(page.field('private_metadata')).toEqual({ stripe: 'cus_1' }));
    expect(beforePoll).toEqual({ plan: 'free', prefs: { theme: 'dark', lang: 'en' } });
    expect(page.field('public_metadata')).toEqual({ plan: 'team', prefs: { theme: 'dark', lang: 'en' } });

    // Act: someone creates a user while the list is shown
    page.follow('← Users');
    await until(() => expect(page.text('.status')).toBe('1–3 of 3'));
    await server.call('POST', '/v1/users', { first_name: 'Barbara', last_name: 'Liskov' });
    await vi.advanceTimersByTimeAsync(2000);

    // Assert
    await until(() => expect(nameColumn(page)).toContain('Barbara Liskov'));
    expect(page.text('.status')).toBe('1–4 of 4');
  });

  it('shows organizations and memberships, and edits a membership with update, the only operation the API has for it', async () => {
    // Arrange
    const { server, ids } = await serverWithPeople();
    const organization = await server.call<{ id: string }>('POST', '/v1/organizations', {
      name: 'Acme',
      created_by: ids['Ada'],
      public_metadata: { tier: 'gold' },
    });
    await server.call('POST', `/v1/organizations/${organization.id}/memberships`, { user_id: ids['Grace'], role: 'org:member' });
    const page = open(server, '#/organizations');
    await until(() => expect(page.rows()).toHaveLength(1));

    // Act: the organization's page, then its memberships, then Grace's
    const organizationRow = page.rows()[0]!;
    page.follow('Acme');
    await until(() => expect(page.field('public_metadata')).toEqual({ tier: 'gold' }));
    const organizationFields = page.all('[data-field]').map((section) => section.dataset['field']);
    page.follow('Memberships of this organization');
    await until(() => expect(page.rows()).toHaveLength(2));
    const memberships = page.rows().map((cells) => cells.slice(0, 3));
    page.choose('select[name="direction"]', 'asc');
    page.type('input[name="role"]', 'org:member');
    await until(() => expect(page.rows()).toHaveLength(1));
    page.follow('Acme');
    await until(() => expect(page.all('[data-field]')).toHaveLength(2));
    page.type('textarea[name="text"]', '{"seat": 7}');
    page.submit('form.editor');
    await until(() => expect(page.text('.editor .status')).toBe('Saved.'));

    // Assert
    expect(organizationRow.slice(0, 3)).toEqual(['Acme', 'acme', '2']);
    expect(organizationFields).toEqual(['public_metadata', 'private_metadata']);
    expect(memberships).toEqual(
      expect.arrayContaining([
        ['Acme', 'ada@example.com', 'org:admin'],
        ['Acme', 'grace@example.com', 'org:member'],
      ]),
    );
    expect(page.one<HTMLSelectElement>('select[name="mode"]').disabled).toBe(true);
    expect(page.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        url: new URL(`http://127.0.0.1:3000/v1/organizations/${organization.id}/memberships/${ids['Grace']}/metadata`),
      }),
    ]);
    const listed = await server.call<{ data: { public_metadata: unknown }[] }>('GET', `/v1/organizations/${organization.id}/memberships?user_id=${ids['Grace']}`);
    expect(listed.data[0]!.public_metadata).toEqual({ seat: 7 });
    expect(page.field('public_metadata')).toEqual({ seat: 7 });

    // Act: Grace's own memberships, from her page
    page.follow('The user');
    await until(() => expect(page.text('h1')).toBe('Grace Hopper'));
    page.follow('Memberships of this user');
    await until(() => expect(page.rows()).toHaveLength(1));

    // Assert
    expect(page.rows()[0]!.slice(0, 3)).toEqual(['Acme', 'grace@example.com', 'org:member']);
    expect(page.sent.at(-1)!.url.pathname).toBe(`/v1/users/${ids['Grace']}/organization_memberships`);
  });

  it('without a sign-in, shows the sign-in note and no data', async () => {
    // Arrange
    const { server, ids } = await serverWithPeople();

    // Act
    const page = open(server, `#/users/${ids['Ada']}`, { signedIn: false });
    await until(() => expect(page.text('h1')).toBe('Sign-in needed'));

    // Assert
    expect(page.document.body.textContent).not.toMatch(/Ada|Lovelace|plan|free/);
    expect(page.all('pre, table, form')).toEqual([]);
  });

  it('shows names and metadata holding markup as text, never as markup', async () => {
    // Arrange
    const server = startServer();
    const markup = '<img src=x onerror="window.hacked=1">';
    const user = await server.call<{ id: string }>('POST', '/v1/users', { first_name: markup, public_metadata: { bio: markup } });

    // Act
    const page = open(server, '#/users');
    await until(() => expect(nameColumn(page)).toEqual([markup]));
    page.follow(markup);
    await until(() => expect(page.field('public_metadata')).toEqual({ bio: markup }));

    // Assert
    expect(page.text('h1')).toBe(markup);
    expect(page.all('img')).toEqual([]);
    expect(page.window.location.hash).toBe(`#/users/${user.id}`);
  });
});
