// Response schemas for the operations this server implements, written for these tests from Clerk's
// published Backend and Frontend API descriptions at version 2026-05-12: required properties, types,
// nullability and closed objects as the descriptions give them. Where this server promises more (a trace id
// on every error, no private_metadata in a frontend answer), the schema says so too.

type Schema = Record<string, unknown>;

const string: Schema = { type: 'string' };
const integer: Schema = { type: 'integer' };
const boolean: Schema = { type: 'boolean' };
const metadata: Schema = { type: 'object' };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });

/** An object with `required` properties, `optional` ones, and (when `closed`) no others. */
function object(required: Record<string, Schema>, optional: Record<string, Schema> = {}, closed = true): Schema {
  return {
    type: 'object',
    required: Object.keys(required),
    properties: { ...required, ...optional },
    ...(closed ? { additionalProperties: false } : {}),
  };
}

const clerkError = object({ message: string, long_message: string, code: string }, { meta: { type: 'object' } }, false);

/** Clerk's error body; this server always sends a trace id, as Clerk does. */
export const clerkErrors = object({ errors: { ...arrayOf(clerkError), minItems: 1 }, clerk_trace_id: { type: 'string', pattern: '^[0-9a-f]{32}$' } }, { meta: { type: 'object' } }, false);

const adminVerification = object(
  { status: oneOf('verified'), strategy: oneOf('admin'), attempts: nullable(integer), expire_at: nullable(integer) },
  { object: oneOf('verification_admin'), verified_at_client: nullable(string) },
);
const identificationLink = object({ type: string, id: string });

/** An email address or a phone number: the frontend's requires its id, the backend's does not. */
function identification(frontend: boolean, kind: 'email_address' | 'phone_number', optional: Record<string, Schema>): Schema {
  const id = { id: string };
  return object(
    {
      ...(frontend ? id : {}),
      object: oneOf(kind),
      [kind]: string,
      verification: nullable(adminVerification),
      linked_to: arrayOf(identificationLink),
      reserved: boolean,
      created_at: integer,
      updated_at: integer,
    },
    { ...(frontend ? {} : id), ...optional },
  );
}

const emailAddress = (frontend: boolean): Schema => identification(frontend, 'email_address', { matches_sso_connection: boolean });
const phoneNumber = (frontend: boolean): Schema =>
  identification(frontend, 'phone_number', { reserved_for_second_factor: boolean, default_second_factor: boolean, backup_codes: nullable(arrayOf(string)) });

function web3Wallet(frontend: boolean): Schema {
  const id = { id: string };
  return object(
    { ...(frontend ? id : {}), object: oneOf('web3_wallet'), web3_wallet: string, verification: nullable(adminVerification), created_at: integer, updated_at: integer },
    frontend ? {} : id,
  );
}

/** What the Backend and the Frontend API's users share (the frontend's own lists and limits differ). */
function userCore(frontend: boolean): { required: Record<string, Schema>; optional: Record<string, Schema> } {
  return {
    required: {
      id: string,
      object: oneOf('user'),
      username: nullable(string),
      first_name: nullable(string),
      last_name: nullable(string),
      has_image: boolean,
      primary_email_address_id: nullable(string),
      primary_phone_number_id: nullable(string),
      primary_web3_wallet_id: nullable(string),
      password_enabled: boolean,
      two_factor_enabled: boolean,
      totp_enabled: boolean,
      backup_code_enabled: boolean,
      email_addresses: arrayOf(emailAddress(frontend)),
      phone_numbers: arrayOf(phoneNumber(frontend)),
      web3_wallets: arrayOf(web3Wallet(frontend)),
      passkeys: { type: 'array' },
      external_accounts: { type: 'array' },
      saml_accounts: { type: 'array' },
      enterprise_accounts: { type: 'array' },
      public_metadata: metadata,
      external_id: nullable(string),
      last_sign_in_at: nullable(integer),
      banned: boolean,
      locked: boolean,
      lockout_expires_in_seconds: nullable(integer),
      verification_attempts_remaining: nullable(integer),
      created_at: integer,
      updated_at: integer,
      delete_self_enabled: boolean,
      create_organization_enabled: boolean,
      last_active_at: nullable(integer),
      mfa_enabled_at: nullable(integer),
      mfa_disabled_at: nullable(integer),
      legal_accepted_at: nullable(integer),
    },
    optional: {
      image_url: string,
      profile_image_url: string,
      unsafe_metadata: metadata,
      password_last_updated_at: nullable(integer),
      deprovisioned: boolean,
      organization_memberships: { type: 'array' },
    },
  };
}

const backendUserCore = userCore(false);
/** The Backend API's `User`: closed. */
export const user = object(backendUserCore.required, {
  ...backendUserCore.optional,
  locale: nullable(string),
  private_metadata: nullable(metadata),
  create_organizations_limit: nullable(integer),
  bypass_client_trust: boolean,
  scim: nullable({ type: 'object' }),
});

const frontendUserCore = userCore(true);
/** The Frontend API's `User`: open, but never with `private_metadata` (this server's promise), and its limit is not nullable. */
export const frontendUser: Schema = object(
  frontendUserCore.required,
  { ...frontendUserCore.optional, create_organizations_limit: integer, private_metadata: false as unknown as Schema },
  false,
);

const clientPublicUserData = object(
  { first_name: nullable(string), last_name: nullable(string), identifier: string, has_image: boolean },
  { image_url: nullable(string), profile_image_url: nullable(string), user_id: nullable(string), username: nullable(string), banned: boolean, deprovisioned: boolean },
);

const session = object(
  {
    id: string,
    object: oneOf('session'),
    status: oneOf('active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'pending'),
    expire_at: integer,
    abandon_at: integer,
    last_active_at: integer,
    last_active_organization_id: nullable(string),
    public_user_data: nullable(clientPublicUserData),
    factor_verification_age: arrayOf(integer),
    created_at: integer,
    updated_at: integer,
  },
  { user: frontendUser, last_active_token: nullable({ type: 'object' }), actor: nullable({ type: 'object' }), tasks: nullable({ type: 'array' }) },
  false,
);

const client = object(
  {
    object: oneOf('client'),
    id: string,
    sessions: arrayOf(session),
    sign_in: nullable({ type: 'object' }),
    sign_up: nullable({ type: 'object' }),
    last_active_session_id: nullable(string),
    last_authentication_strategy: nullable(string),
    cookie_expires_at: nullable(integer),
    captcha_bypass: boolean,
    created_at: integer,
    updated_at: integer,
  },
  {},
  false,
);

/** The Frontend API's answer about the signed-in user: `{ response, client }`. */
export const clientWrappedUser = object({ response: frontendUser, client });

/** The Backend API's `Organization` (open, as described). */
export const organization = object(
  {
    object: oneOf('organization'),
    id: string,
    name: string,
    slug: string,
    has_image: boolean,
    max_allowed_memberships: integer,
    admin_delete_enabled: boolean,
    public_metadata: metadata,
    created_at: integer,
    updated_at: integer,
  },
  {
    image_url: string,
    members_count: integer,
    missing_member_with_elevated_permissions: boolean,
    pending_invitations_count: integer,
    private_metadata: metadata,
    created_by: string,
    last_active_at: integer,
    role_set_key: nullable(string),
  },
  false,
);

const membershipPublicUserData = object(
  { user_id: string, first_name: nullable(string), last_name: nullable(string), profile_image_url: nullable(string), image_url: string, has_image: boolean },
  { identifier: nullable(string), username: nullable(string), banned: boolean, deprovisioned: boolean },
);

/** The Backend API's `OrganizationMembership` (open, as described). */
export const membership = object(
  {
    object: oneOf('organization_membership'),
    id: string,
    role: string,
    permissions: arrayOf(string),
    public_metadata: metadata,
    created_at: integer,
    updated_at: integer,
    organization,
  },
  { role_name: string, private_metadata: metadata, public_user_data: membershipPublicUserData },
  false,
);

export const userList = arrayOf(user);
export const totalCount = object({ object: oneOf('total_count'), total_count: integer });
export const organizations = object({ data: arrayOf(organization), total_count: integer });
export const memberships = object({ data: arrayOf(membership), total_count: integer });
export const deletedObject = object({ object: string, deleted: boolean }, { id: string, slug: string, external_id: string });

// The Frontend API's sign-in and sessions, and the Backend API's sign-in tokens, testing tokens and JWKS.

const onOff = oneOf('on', 'off', 'required');

/** The environment (not enveloped): open, with the parts clerk-js reads checked as the description requires them. */
export const environment = object(
  {},
  {
    object: oneOf('environment'),
    id: string,
    auth_config: object(
      {
        object: oneOf('auth_config'),
        id: string,
        first_name: onOff,
        last_name: onOff,
        email_address: onOff,
        phone_number: onOff,
        username: onOff,
        password: onOff,
        identification_requirements: { type: 'array' },
        identification_strategies: arrayOf(string),
        first_factors: arrayOf(string),
        second_factors: arrayOf(string),
        email_address_verification_strategies: arrayOf(string),
        single_session_mode: boolean,
        enhanced_email_deliverability: boolean,
        test_mode: boolean,
        url_based_session_syncing: boolean,
        claimed_at: nullable(integer),
        reverification: boolean,
        native_settings: { type: 'object' },
      },
      {},
      false,
    ),
    display_config: object(
      { object: oneOf('display_config'), id: string, instance_environment_type: oneOf('development', 'production'), application_name: string, branded: boolean },
      {},
      false,
    ),
    user_settings: object({ attributes: { type: 'object' }, sign_in: { type: 'object' }, sign_up: { type: 'object' } }, {}, false),
    organization_settings: object({ enabled: boolean, max_allowed_memberships: integer, actions: { type: 'object' }, domains: { type: 'object' }, creator_role: string }, {}, false),
    commerce_settings: { type: 'object' },
  },
  false,
);

/** `GET /v1/client`: the client, or `null` without one; nothing piggybacked. */
export const clientWrappedClient = object({ response: nullable(client), client: { type: 'null' } });

/** Signing out of every session: the client, and maybe the client again. */
export const deleteSession = object({ response: nullable(client), client: nullable({ type: 'object' }) });

const signIn = object(
  {
    object: oneOf('sign_in_attempt'),
    id: string,
    status: oneOf('abandoned', 'needs_identifier', 'needs_first_factor', 'needs_second_factor', 'needs_new_password', 'needs_client_trust', 'complete'),
    supported_identifiers: arrayOf(string),
    supported_first_factors: nullable({ type: 'array' }),
    supported_second_factors: nullable({ type: 'array' }),
    first_factor_verification: nullable(object({ status: string, strategy: string }, {}, false)),
    second_factor_verification: nullable({ type: 'object' }),
    identifier: nullable(string),
    user_data: nullable({ type: 'object' }),
    created_session_id: nullable(string),
    abandon_at: integer,
  },
  {},
  false,
);

/** A sign-in and the client it signed in. */
export const clientWrappedSignIn = object({ response: signIn, client });

/** `touch`: the session, and the client (nullable there). */
export const touchWrappedSession = object({ response: session, client: nullable(client) });

/** A session ended or removed, and the client. */
export const clientWrappedSession = object({ response: session, client });

/** A session token. */
export const token = object({ object: oneOf('token'), jwt: { type: 'string', pattern: '^[\\w-]+\\.[\\w-]+\\.[\\w-]+$' } });

/** The Backend API's `SignInToken` (closed, as described). */
export const signInToken = object(
  { object: oneOf('sign_in_token'), id: string, user_id: string, status: oneOf('pending', 'accepted', 'revoked'), created_at: integer, updated_at: integer },
  { token: string, url: nullable(string) },
);

/** The Backend API's `TestingToken`. */
export const testingToken = object({ object: oneOf('testing_token'), token: string, expires_at: integer }, {}, false);

/** The Backend API's JWKS, RSA keys only here. */
export const jwks = object(
  { keys: arrayOf(object({ kid: string, alg: string, use: string, kty: oneOf('RSA'), n: string, e: string }, { x5c: arrayOf(string), x5t: string, 'x5t#S256': string, x5u: string }, false)) },
  {},
  false,
);
