import type { SqlClient } from '@metadata-semantics/server';

/** The metadata of a seeded user: about 1.2 KB of JSON, in the shapes apps keep (`#` is the user's number). */
const metadataTemplate = JSON.stringify({
  public_metadata: {
    plan: 'pro',
    seats: 12,
    features: ['sso', 'audit_log', 'api_access', 'custom_roles'],
    onboarding: { step: 4, completed: true, completed_at: '2024-03-01T12:00:00Z' },
    preferences: { theme: 'dark', language: 'en-GB', timezone: 'Europe/London', notifications: { email: true, sms: false, push: true } },
    team: { id: 'team_#', role: 'admin', joined_at: 1709294400000 },
  },
  private_metadata: {
    stripe_customer_id: 'cus_#',
    billing: { interval: 'month', amount: 4900, currency: 'eur', next_invoice_at: 1735689600000, tax_id: 'GB#' },
    flags: { beta: true, churn_risk: 0.12, support_tier: 'gold' },
    crm: { id: 'crm-#', owner: 'account-manager-7', stage: 'customer', tags: ['enterprise', 'emea', 'renewal-2025'] },
    notes: 'Upgraded from the free plan after the trial; asked for SAML and an annual invoice. Contact #.',
  },
  unsafe_metadata: {
    last_seen_page: '/settings/billing',
    ui: { sidebar_collapsed: false, density: 'compact', pinned: ['dashboard', 'reports', 'team'] },
    drafts: [{ id: 'draft-#-1', title: 'Quarterly report', updated_at: 1718000000000 }, { id: 'draft-#-2', title: 'Team offsite plan', updated_at: 1718100000000 }],
    survey: { nps: 9, answered_at: '2024-06-01', comment: 'Fast and simple; would like dark mode on mobile too.' },
  },
});

/** A user's attributes as `POST /v1/users` with a name, a username and an email address makes them. */
const attributesTemplate = JSON.stringify({
  username: 'user#', first_name: 'Ada', last_name: 'Number#', external_id: 'ext_#', locale: null, image_url: '', has_image: false,
  primary_email_address_id: 'idn_#', primary_phone_number_id: null, primary_web3_wallet_id: null, password_enabled: false,
  two_factor_enabled: false, totp_enabled: false, backup_code_enabled: false,
  email_addresses: [{ id: 'idn_#', object: 'email_address', email_address: 'user#@example.com', reserved: false,
    verification: { object: 'verification_admin', status: 'verified', strategy: 'admin', attempts: null, expire_at: null }, linked_to: [],
    matches_sso_connection: false, created_at: 1700000000000, updated_at: 1700000000000 }],
  phone_numbers: [], web3_wallets: [], passkeys: [], external_accounts: [], saml_accounts: [], enterprise_accounts: [],
  last_sign_in_at: null, banned: false, locked: false, lockout_expires_in_seconds: null, verification_attempts_remaining: null,
  delete_self_enabled: true, create_organization_enabled: true, create_organizations_limit: null, last_active_at: null,
  legal_accepted_at: null, mfa_enabled_at: null, mfa_disabled_at: null,
});

/**
 * Fills the table of an `exclusivePostgresStore` (or `postgresStore`) with `users` users, 50,000 per statement,
 * their rows in an order other than their creation (`created_at` is a permutation of the row order), as a table
 * looks after an import with `created_at`. The table must exist (the store's `migrate()`).
 *
 * @returns the bytes of JSON text per user, attributes and metadata
 */
export async function seedUsersTable(client: SqlClient, users: number, table = 'metadata_semantics_resources'): Promise<{ attributes: number; metadata: number }> {
  for (let first = 1; first <= users; first += 50_000) {
    const last = Math.min(users, first + 49_999);
    // 7919 is prime and divides none of the sizes measured: i ↦ i·7919 mod n is a permutation.
    await client.query(
      `INSERT INTO ${table} (kind, key, attributes, metadata, created_at, updated_at, version)
       SELECT 'user', 'user_' || lpad(i::text, 27, '0'), replace($1, '#', i::text), replace($2, '#', i::text),
         1700000000000 + ((i::bigint * 7919) % $3) * 1000, 1700000000000 + ((i::bigint * 7919) % $3) * 1000, 1
       FROM generate_series($4::int, $5::int) AS i`,
      [attributesTemplate, metadataTemplate, users, first, last],
    );
  }
  const { rows } = await client.query(`SELECT avg(octet_length(attributes)) AS attributes, avg(octet_length(metadata)) AS metadata FROM ${table}`);
  return { attributes: Number(rows[0]!['attributes']), metadata: Number(rows[0]!['metadata']) };
}
