import { PGlite } from '@electric-sql/pglite';
import { createMetadataHandler, exclusivePostgresStore, memoryStore, postgresStore, type MetadataStore, type StoredResource } from '@metadata-semantics/server';

/** One list or count request's latency on one store, and its ratio to reading one user by id. */
export interface ListLatencyRow {
  readonly label: string;
  readonly path: string;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly ratioToGet: number;
}

/** Latencies of lists and counts at `users` users, per store. */
export interface ListLatencyReport {
  readonly users: number;
  readonly repeats: number;
  readonly stores: readonly {
    readonly store: string;
    /** How the users got there: seeded (seconds), or the table another store seeded. */
    readonly seeding: string;
    readonly getMs: number;
    readonly rows: readonly ListLatencyRow[];
  }[];
}

const secretKey = 'sk_test_bench_lists';
const names = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Radia', 'Tim'];

/** A user as the server stores one made by `POST /v1/users` with a name, a username and an email address. */
function userRecord(index: number): StoredResource {
  const createdAt = 1_700_000_000_000 + index * 1000;
  const first = names[index % names.length]!;
  const username = `${first.toLowerCase()}${index}`;
  const email = { id: `idn_${String(index).padStart(27, '0')}`, object: 'email_address', email_address: `${username}@example.com`, reserved: false,
    verification: { object: 'verification_admin', status: 'verified', strategy: 'admin', attempts: null, expire_at: null }, linked_to: [],
    matches_sso_connection: false, created_at: createdAt, updated_at: createdAt };
  return {
    kind: 'user',
    key: `user_${String(index).padStart(27, '0')}`,
    attributes: {
      username, first_name: first, last_name: `Number${index}`, external_id: `ext_${index}`, locale: null, image_url: '', has_image: false,
      primary_email_address_id: email.id, primary_phone_number_id: null, primary_web3_wallet_id: null, password_enabled: false,
      two_factor_enabled: false, totp_enabled: false, backup_code_enabled: false, email_addresses: [email], phone_numbers: [], web3_wallets: [],
      passkeys: [], external_accounts: [], saml_accounts: [], enterprise_accounts: [], last_sign_in_at: null, banned: false, locked: false,
      lockout_expires_in_seconds: null, verification_attempts_remaining: null, delete_self_enabled: true, create_organization_enabled: true,
      create_organizations_limit: null, last_active_at: null, legal_accepted_at: null, mfa_enabled_at: null, mfa_disabled_at: null,
    },
    metadata: { public_metadata: { plan: index % 3 === 0 ? 'pro' : 'free' }, private_metadata: {}, unsafe_metadata: {} },
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Times one request `repeats` times through the handler (after two warm-up calls): median and max in ms. */
async function time(handler: (request: Request) => Promise<Response>, path: string, repeats: number): Promise<{ medianMs: number; maxMs: number }> {
  const once = async (): Promise<number> => {
    const started = performance.now();
    const response = await handler(new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${secretKey}` } }));
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return performance.now() - started;
  };
  await once();
  await once();
  const samples: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) samples.push(await once());
  return { medianMs: median(samples), maxMs: Math.max(...samples) };
}

/**
 * Seeds `users` users into the memory store and into postgresStore over PGlite, then times the lists and
 * counts users page through, each as a ratio to `GET /v1/users/{id}` on the same store.
 */
export async function measureListLatency(users = 100_000, repeats = 15, log: (message: string) => void = () => {}): Promise<ListLatencyReport> {
  const middle = Math.floor(users / 2);
  const requests: { label: string; path: string }[] = [
    { label: 'first page (limit 10)', path: '/v1/users?limit=10' },
    { label: `page at offset ${middle}`, path: `/v1/users?limit=10&offset=${middle}` },
    { label: 'last page', path: `/v1/users?limit=10&offset=${users - 10}` },
    { label: 'count', path: '/v1/users/count' },
    { label: 'by email address', path: `/v1/users?email_address=grace${users - 9}@example.com` },
    { label: 'count by query', path: '/v1/users/count?query=radia9' },
    { label: 'ordered by first name, page at offset 100', path: '/v1/users?order_by=first_name&limit=10&offset=100' },
  ];
  const pglite = await PGlite.create();
  const inserted = async (store: MetadataStore): Promise<string> => {
    const started = performance.now();
    // A thousand at a time: exclusivePostgresStore writes the inserts that arrive together in one statement.
    for (let first = 0; first < users; first += 1000) {
      await Promise.all(Array.from({ length: Math.min(1000, users - first) }, (_, index) => store.insert(userRecord(first + index))));
    }
    return `seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  };
  const stores: { store: string; make: () => Promise<{ store: MetadataStore; seeding: string }> }[] = [
    {
      store: 'memory',
      make: async () => {
        const store = memoryStore();
        return { store, seeding: await inserted(store) };
      },
    },
    {
      store: 'PGlite, exclusivePostgresStore',
      make: async () => {
        const seeding = await inserted(exclusivePostgresStore(pglite));
        // A new store reads the table into memory when it opens, as the command-line server does when it starts.
        const store = exclusivePostgresStore(pglite);
        const started = performance.now();
        await store.migrate();
        return { store, seeding: `${seeding}; read into memory on opening in ${((performance.now() - started) / 1000).toFixed(1)} s` };
      },
    },
    { store: 'PGlite, postgresStore', make: async () => ({ store: postgresStore(pglite), seeding: 'the same table' }) },
  ];
  const result: ListLatencyReport['stores'][number][] = [];
  try {
    for (const { store: name, make } of stores) {
      const { store, seeding } = await make();
      log(`lists: ${users} users in ${name}: ${seeding}`);
      const handler = createMetadataHandler({ secretKey, store });
      const get = await time(handler, `/v1/users/${userRecord(middle).key}`, repeats);
      const rows: ListLatencyRow[] = [];
      for (const request of requests) {
        const measured = await time(handler, request.path, repeats);
        rows.push({ ...request, ...measured, ratioToGet: measured.medianMs / get.medianMs });
        log(`lists: ${name} ${request.label}: ${measured.medianMs.toFixed(2)} ms`);
      }
      result.push({ store: name, seeding, getMs: get.medianMs, rows });
    }
  } finally {
    await pglite.close();
  }
  return { users, repeats, stores: result };
}
