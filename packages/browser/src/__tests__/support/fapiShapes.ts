// The environment and a ticket's sign-in are the server's own (the stand-in speaks as the server does).
export { environmentJson } from '../../../../server/src/api/frontend/environment.js';
export { ticketSignInJson as completedTicketSignIn } from '../../../../server/src/api/frontend/frontendJson.js';

// Frontend API answers with every property that Clerk's published description
// (fapi-2026-05-12.yml) marks required, for a development instance with no sign-up,
// no social login and no organizations' extras: just enough of Clerk to sign in with a
// ticket and edit unsafe metadata. Timestamps are milliseconds, as Clerk's are.

type Json = Record<string, unknown>;

/** A user as the fake Frontend API keeps it. */
export interface FakeUser {
  readonly id: string;
  publicMetadata: Json;
  privateMetadata: Json;
  unsafeMetadata: Json;
  readonly createdAt: number;
  updatedAt: number;
}

/** A session as the fake Frontend API keeps it. */
export interface FakeSession {
  readonly id: string;
  readonly userId: string;
  status: 'active' | 'ended' | 'removed';
  readonly createdAt: number;
  updatedAt: number;
  lastToken: string;
}

/** A client (one browser) as the fake Frontend API keeps it. */
export interface FakeClient {
  readonly id: string;
  readonly sessionIds: string[];
  lastActiveSessionId: string | null;
  signIn: Json | null;
  readonly createdAt: number;
  updatedAt: number;
}

const day = 86_400_000;

/** A `Client.User`: the wire form of a user for its own session. */
export function userJson(user: FakeUser): Json {
  return {
    id: user.id,
    object: 'user',
    username: null,
    first_name: null,
    last_name: null,
    image_url: '',
    has_image: false,
    primary_email_address_id: null,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: [],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    organization_memberships: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    public_metadata: user.publicMetadata,
    unsafe_metadata: user.unsafeMetadata,
    external_id: null,
    last_sign_in_at: null,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    delete_self_enabled: false,
    create_organization_enabled: false,
    last_active_at: null,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    legal_accepted_at: null,
  };
}

/** A `Client.Session`, with its user and its last token. */
export function sessionJson(session: FakeSession, user: FakeUser): Json {
  return {
    id: session.id,
    object: 'session',
    status: session.status,
    expire_at: session.createdAt + 7 * day,
    abandon_at: session.createdAt + 30 * day,
    last_active_at: session.updatedAt,
    last_active_token: session.status === 'active' ? { object: 'token', jwt: session.lastToken } : null,
    actor: null,
    tasks: null,
    last_active_organization_id: null,
    user: userJson(user),
    public_user_data: { first_name: null, last_name: null, image_url: '', has_image: false, identifier: user.id, user_id: user.id },
    factor_verification_age: [0, -1],
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** A `Client.Client`: the sessions still signed in or just ended, as Clerk lists them. */
export function clientJson(client: FakeClient, sessions: readonly Json[]): Json {
  return {
    object: 'client',
    id: client.id,
    sessions,
    sign_in: client.signIn,
    sign_up: null,
    last_active_session_id: client.lastActiveSessionId,
    last_authentication_strategy: null,
    cookie_expires_at: client.createdAt + 365 * day,
    captcha_bypass: false,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}

/** Clerk's error body. */
export function clerkErrors(code: string, message: string): Json {
  return { errors: [{ code, message, long_message: message }] };
}
