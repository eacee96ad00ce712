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

function attribute(enabled: boolean, firstFactors: string[] = []): Json {
  return {
    enabled,
    required: false,
    used_for_first_factor: firstFactors.length > 0,
    first_factors: firstFactors,
    used_for_second_factor: false,
    second_factors: [],
    verifications: [],
    verify_at_sign_up: false,
    immutable: false,
  };
}

/** `GET|PATCH /v1/environment`: not wrapped in `{ response, client }`. */
export function environmentJson(now: number): Json {
  const on = (enabled: boolean): Json => ({ enabled });
  return {
    object: 'environment',
    id: 'env_fake',
    auth_config: {
      object: 'auth_config',
      id: 'aac_fake',
      first_name: 'off',
      last_name: 'off',
      email_address: 'off',
      phone_number: 'off',
      username: 'off',
      password: 'off',
      identification_requirements: [],
      identification_strategies: [],
      first_factors: ['ticket'],
      second_factors: [],
      email_address_verification_strategies: [],
      single_session_mode: false,
      enhanced_email_deliverability: false,
      test_mode: true,
      url_based_session_syncing: false,
      claimed_at: null,
      reverification: false,
      native_settings: {
        object: 'native_settings',
        api_enabled: false,
        trusted_device_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_up_enabled: false,
      },
    },
    display_config: displayConfig(now),
    user_settings: {
      attributes: {
        email_address: attribute(false),
        phone_number: attribute(false),
        username: attribute(false),
        web3_wallet: attribute(false),
        first_name: attribute(false),
        last_name: attribute(false),
        password: attribute(false),
        authenticator_app: attribute(false),
        ticket: attribute(true, ['ticket']),
        backup_code: attribute(false),
        passkey: attribute(false),
      },
      social: {},
      saml: on(false),
      enterprise_sso: on(false),
      sign_in: { second_factor: { required: false } },
      sign_up: {
        captcha_enabled: false,
        captcha_widget_type: 'smart',
        custom_action_required: false,
        progressive: true,
        mode: 'restricted',
        legal_consent_enabled: false,
      },
      restrictions: {
        allowlist: on(false),
        blocklist: on(false),
        allowlist_blocklist_disabled_on_sign_in: on(false),
        block_email_subaddresses: on(false),
        block_disposable_email_domains: on(false),
      },
      password_settings: {
        disable_hibp: true,
        disable_password_reverification: true,
        min_length: 8,
        max_length: 72,
        require_special_char: false,
        require_numbers: false,
        require_uppercase: false,
        require_lowercase: false,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
        enforce_hibp_on_sign_in: false,
        allowed_special_characters: '',
      },
      username_settings: { min_length: null, max_length: null, allow_extended_special_characters: false, allow_numeric_usernames: false },
      actions: { delete_self: false, create_organization: false, create_organizations_limit: null },
      attack_protection: {
        user_lockout: { enabled: false, max_attempts: 100, duration_in_minutes: 60 },
        pii: on(false),
        email_link: { require_same_client: false },
        enumeration_protection: on(false),
      },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false, satisfies_second_factor: false },
    },
    organization_settings: {
      enabled: true,
      max_allowed_memberships: 0,
      actions: { admin_delete: true },
      domains: { enabled: false, enrollment_modes: [], default_role: 'org:member' },
      creator_role: 'org:admin',
    },
    fraud_settings: { object: 'fraud_settings', native: { device_attestation_mode: 'disabled' } },
    // clerk-js 6.40 reads billing.user and billing.organization without a guard (the
    // description marks neither required): without them the environment is dropped and
    // clerk-js loads 'degraded'.
    commerce_settings: {
      billing: {
        stripe_publishable_key: null,
        free_trial_requires_payment_method: false,
        user: { enabled: false, has_paid_plans: false },
        organization: { enabled: false, has_paid_plans: false },
      },
    },
    api_keys_settings: { enabled: false, user_api_keys_enabled: false, orgs_api_keys_enabled: false },
    protect_config: {},
    client_debug_mode: false,
    partitioned_cookies: false,
    maintenance_mode: false,
  };
}

function displayConfig(now: number): Json {
  const none = '';
  return {
    object: 'display_config',
    id: 'display_config_fake',
    instance_environment_type: 'development',
    application_name: 'metadata-semantics',
    theme: {},
    preferred_sign_in_strategy: 'otp',
    home_url: none,
    sign_in_url: none,
    sign_up_url: none,
    user_profile_url: none,
    waitlist_url: none,
    oauth_consent_url: none,
    after_sign_in_url: none,
    after_sign_up_url: none,
    after_sign_out_one_url: none,
    after_sign_out_all_url: none,
    after_switch_session_url: none,
    after_join_waitlist_url: none,
    organization_profile_url: none,
    create_organization_url: none,
    after_leave_organization_url: none,
    after_create_organization_url: none,
    logo_link_url: none,
    support_email: null,
    branded: false,
    experimental_force_oauth_first: false,
    clerk_js_version: null,
    show_devmode_warning: false,
    google_one_tap_client_id: null,
    help_url: null,
    privacy_policy_url: null,
    terms_url: null,
    logo_url: null,
    favicon_url: null,
    logo_image: null,
    favicon_image: null,
    captcha_public_key: null,
    captcha_widget_type: null,
    captcha_public_key_invisible: null,
    captcha_provider: null,
    captcha_oauth_bypass: [],
    created_at: now,
  };
}

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

/** A completed `Client.SignIn` for a ticket. */
export function completedTicketSignIn(id: string, sessionId: string, now: number): Json {
  return {
    object: 'sign_in_attempt',
    id,
    status: 'complete',
    supported_identifiers: [],
    supported_first_factors: [],
    supported_second_factors: null,
    first_factor_verification: { object: 'verification_ticket', status: 'verified', strategy: 'ticket', attempts: null, expire_at: null },
    second_factor_verification: null,
    identifier: null,
    user_data: null,
    created_session_id: sessionId,
    abandon_at: now + day,
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
