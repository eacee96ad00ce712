import type { JsonObject } from '@metadata-semantics/core';
import { jsonAnswer } from '../../http/responses.js';
import { route, type Route, type RouteContext } from '../route.js';

// A development instance describing what this server supports: sign-in by ticket only (no sign-up, no
// passwords, no social login), user metadata, organizations.

function attribute(enabled: boolean, firstFactors: string[] = []): JsonObject {
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

/** The environment: not wrapped in `{ response, client }`. */
export function environmentJson(now: number): JsonObject {
  const on = (enabled: boolean): JsonObject => ({ enabled });
  return {
    object: 'environment',
    id: 'env_metadata_semantics',
    auth_config: {
      object: 'auth_config',
      id: 'aac_metadata_semantics',
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
    // clerk-js 6.40 reads billing.user and billing.organization without a guard (the description marks neither
    // required): without them it drops the environment and loads 'degraded'.
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

function displayConfig(now: number): JsonObject {
  const none = '';
  return {
    object: 'display_config',
    id: 'display_config_metadata_semantics',
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

async function environment(context: RouteContext) {
  return jsonAnswer(200, environmentJson(context.now()));
}

/** `GET /v1/environment` and the `PATCH` clerk-js sends on a development key while it loads. */
export const environmentRoutes: readonly Route[] = [
  route({ api: 'frontend', method: 'GET', path: '/v1/environment', operation: 'getEnvironment', sdk: '`Clerk.load()`', answers: 'the environment', statuses: [200, 400, 401], deliberate: [403], run: environment }),
  route({ api: 'frontend', method: 'PATCH', path: '/v1/environment', operation: 'updateEnvironment', sdk: '`Clerk.load()` (a development key)', answers: 'the environment', statuses: [200, 400, 401], deliberate: [403], run: environment }),
];
