import {
  frontendReadableMetadataFields,
  toWireFieldName,
  userMetadataFields,
  type JsonObject,
  type JsonValue,
} from '@metadata-semantics/core';
import type { StoredResource } from '../store/metadataStore.js';
import {
  optionalBoolean,
  optionalCount,
  optionalString,
  optionalTimestamp,
  presentParams,
  stringList,
  type Body,
} from './bodyParams.js';
import { randomId } from '../shared/ids.js';
import { invalidParam } from '../http/serverErrors.js';

/** Accepted by `POST /v1/users` but not modelled by this server (no sign-in here): ignored. */
const ignoredCreateParams = [
  'password',
  'password_digest',
  'password_hasher',
  'skip_password_checks',
  'skip_password_requirement',
  'skip_legal_checks',
  'skip_user_requirement',
  'totp_secret',
  'backup_codes',
];

/**
 * Parameters of `POST` and `PATCH /v1/users/…` that `@clerk/backend` types but this server does not implement:
 * the 2026-05-12 `User` has no `timezone` and allows no other property, so no answer could show one.
 */
export const unsupportedUserParams = ['timezone'];

/** The user attributes both `POST` and `PATCH /v1/users/…` set as given. */
const settableAttributes = {
  external_id: optionalString,
  first_name: optionalString,
  last_name: optionalString,
  locale: optionalString,
  username: optionalString,
  delete_self_enabled: optionalBoolean,
  create_organization_enabled: optionalBoolean,
  create_organizations_limit: optionalCount,
  legal_accepted_at: optionalTimestamp,
  bypass_client_trust: optionalBoolean,
};

/** The body parameters of `POST /v1/users` at API version 2026-05-12. */
export const createUserParams = [
  ...Object.keys(settableAttributes),
  'email_address',
  'email_address_identification_status',
  'phone_number',
  'phone_number_identification_status',
  'web3_wallet',
  'public_metadata',
  'private_metadata',
  'unsafe_metadata',
  'created_at',
  'banned',
  'locked',
  ...ignoredCreateParams,
];

/** The body parameters of `PATCH /v1/users/{user_id}` at API version 2026-05-12 (metadata has its own endpoint). */
export const updateUserParams = [
  ...Object.keys(settableAttributes),
  'primary_email_address_id',
  'primary_phone_number_id',
  'primary_web3_wallet_id',
  'created_at',
  'notify_primary_email_address_changed',
  'profile_image_id',
  'password',
  'password_digest',
  'password_hasher',
  'skip_password_checks',
  'sign_out_of_other_sessions',
  'totp_secret',
  'backup_codes',
  'skip_legal_checks',
];

const adminVerification = { object: 'verification_admin', status: 'verified', strategy: 'admin', attempts: null, expire_at: null };

/** Which of `count` identifiers are created reserved (unverified, locked to the user), from the parallel status list. */
function reservedFlags(body: Body, param: string, count: number): boolean[] {
  const statuses = stringList(body, param);
  if (statuses.length === 0) return new Array<boolean>(count).fill(false);
  if (statuses.length !== count || !statuses.every((status) => status === 'verified' || status === 'reserved')) {
    invalidParam(param, `${param} must hold one of "verified" or "reserved" for each item, in order.`);
  }
  return statuses.map((status) => status === 'reserved');
}

function identification(object: string, field: string, value: string, reserved: boolean, now: number): JsonObject {
  return {
    id: randomId('idn_'),
    object,
    [field]: value,
    reserved,
    verification: reserved ? null : adminVerification,
    linked_to: [],
    created_at: now,
    updated_at: now,
  };
}

/** The profile attributes of a new user (everything but id, metadata and timestamps), and its creation time. */
export function newUserAttributes(body: Body, now: number): { attributes: JsonObject; createdAt: number } {
  const set = presentParams<JsonValue>(body, settableAttributes);
  const emails = stringList(body, 'email_address');
  const phones = stringList(body, 'phone_number');
  const emailReserved = reservedFlags(body, 'email_address_identification_status', emails.length);
  const phoneReserved = reservedFlags(body, 'phone_number_identification_status', phones.length);
  const emailAddresses: JsonObject[] = emails.map((address, index) => ({
    ...identification('email_address', 'email_address', address, emailReserved[index]!, now),
    matches_sso_connection: false,
  }));
  const phoneNumbers: JsonObject[] = phones.map((phone, index) => ({
    ...identification('phone_number', 'phone_number', phone, phoneReserved[index]!, now),
    reserved_for_second_factor: false,
    default_second_factor: false,
    backup_codes: null,
  }));
  const web3Wallets = stringList(body, 'web3_wallet').map((wallet) => {
    const { reserved: _reserved, linked_to: _linkedTo, ...item } = identification('web3_wallet', 'web3_wallet', wallet, false, now);
    return item;
  });
  const banned = optionalBoolean(body, 'banned') ?? false;
  const attributes: JsonObject = {
    username: null,
    first_name: null,
    last_name: null,
    external_id: null,
    locale: null,
    image_url: '',
    has_image: false,
    primary_email_address_id: emailAddresses[0]?.['id'] ?? null,
    primary_phone_number_id: phoneNumbers[0]?.['id'] ?? null,
    primary_web3_wallet_id: web3Wallets[0]?.['id'] ?? null,
    password_enabled: typeof body['password'] === 'string' || typeof body['password_digest'] === 'string',
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: emailAddresses,
    phone_numbers: phoneNumbers,
    web3_wallets: web3Wallets,
    passkeys: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: null,
    banned,
    locked: optionalBoolean(body, 'locked') ?? false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    delete_self_enabled: true,
    create_organization_enabled: true,
    create_organizations_limit: null,
    last_active_at: null,
    legal_accepted_at: null,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    ...set,
  };
  return { attributes, createdAt: optionalTimestamp(body, 'created_at') ?? now };
}

/** The id of one of the user's identifications of a kind, for a `primary_…_id` parameter. */
function ownIdentification(body: Body, param: string, items: JsonValue | undefined): string | null | undefined {
  if (body[param] === undefined) return undefined;
  const id = optionalString(body, param);
  if (id === null) return null;
  const owned = Array.isArray(items) && items.some((item) => typeof item === 'object' && item !== null && !Array.isArray(item) && item['id'] === id);
  if (!owned) invalidParam(param, `${param} must be the id of one of the user's own identifications.`);
  return id;
}

/** A user's attributes and creation time after `PATCH /v1/users/{user_id}`: only the given parameters change. */
export function updatedUserAttributes(body: Body, user: StoredResource): { attributes: JsonObject; createdAt: number } {
  const set: JsonObject = presentParams<JsonValue>(body, settableAttributes);
  // An empty username removes it, as null does.
  if (set['username'] === '') set['username'] = null;
  const primaries = [
    ['primary_email_address_id', 'email_addresses'],
    ['primary_phone_number_id', 'phone_numbers'],
    ['primary_web3_wallet_id', 'web3_wallets'],
  ] as const;
  for (const [param, list] of primaries) {
    const id = ownIdentification(body, param, user.attributes[list]);
    if (id !== undefined) set[param] = id;
  }
  return { attributes: { ...user.attributes, ...set }, createdAt: optionalTimestamp(body, 'created_at') ?? user.createdAt };
}

/** A stored metadata field; one never written reads as `{}` (a stored `null` stays `null`). */
export function metadataField(resource: StoredResource, name: string): JsonValue {
  const value = resource.metadata[name];
  return value === undefined ? {} : value;
}

// Attributes users stored before these existed read as Clerk's values for a user without MFA.
const userDefaults = { mfa_enabled_at: null, mfa_disabled_at: null };

/**
 * The Clerk JSON object of a user: the Backend API's `User`, or the Frontend API's, which has only the
 * metadata fields the frontend may read and no `create_organizations_limit` when there is none.
 */
export function userJson(user: StoredResource, view: 'backend' | 'frontend'): JsonObject {
  const metadata: JsonObject = {};
  for (const name of view === 'backend' ? userMetadataFields : frontendReadableMetadataFields) {
    const wireName = toWireFieldName(name);
    metadata[wireName] = metadataField(user, wireName);
  }
  // One literal, not keys added one by one: a 40-key object grown key by key serialises at about half the speed.
  const json: JsonObject = {
    object: 'user',
    id: user.key,
    ...userDefaults,
    ...user.attributes,
    ...metadata,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
  if (view === 'frontend' && json['create_organizations_limit'] === null) delete json['create_organizations_limit'];
  return json;
}
