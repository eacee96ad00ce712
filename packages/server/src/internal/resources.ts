import {
  frontendReadableMetadataFields,
  toWireFieldName,
  userMetadataFields,
  type JsonObject,
  type JsonValue,
} from '@metadata-semantics/core';
import type { StoredResource } from '../metadataStore.js';
import { randomId } from './ids.js';
import { fail, invalidParam } from './responses.js';

type Body = Record<string, unknown>;

function optionalString(body: Body, param: string): string | null {
  const value = body[param];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') invalidParam(param, `${param} must be a string.`);
  return value;
}

function requiredString(body: Body, param: string): string {
  const value = body[param];
  if (value === undefined || value === null || value === '') {
    fail(422, 'form_param_missing', `${param} is missing`, `${param} must be included.`, { param_name: param });
  }
  if (typeof value !== 'string') invalidParam(param, `${param} must be a string.`);
  return value;
}

function stringList(body: Body, param: string): string[] {
  const value = body[param];
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item): item is string => typeof item === 'string' && item !== '')) {
    invalidParam(param, `${param} must be a list of non-empty strings.`);
  }
  return list;
}

/** Refuses any body parameter outside `known`: the API's schemas forbid additional properties. */
export function refuseUnknownParams(body: Body, known: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (body[key] !== undefined && !known.includes(key)) {
      fail(422, 'form_param_unknown', `${key} is unknown`, `${key} is not a valid parameter for this request.`, {
        param_name: key,
      });
    }
  }
}

/** Accepted by `POST /v1/users` but not modelled by this server (no sign-in here): ignored. */
const ignoredUserParams = [
  'password',
  'password_digest',
  'password_hasher',
  'skip_password_checks',
  'skip_password_requirement',
  'skip_legal_checks',
  'totp_secret',
  'backup_codes',
  'legal_accepted_at',
  'created_at',
];

export const createUserParams = [
  'first_name',
  'last_name',
  'username',
  'external_id',
  'email_address',
  'phone_number',
  'public_metadata',
  'private_metadata',
  'unsafe_metadata',
  ...ignoredUserParams,
];

/** The profile attributes of a new user (everything but id, metadata and timestamps). */
export function newUserAttributes(body: Body, now: number): JsonObject {
  const firstName = optionalString(body, 'first_name');
  const lastName = optionalString(body, 'last_name');
  const username = optionalString(body, 'username');
  const externalId = optionalString(body, 'external_id');
  const verification = { status: 'verified', strategy: 'admin', attempts: null, expire_at: null };
  const emailAddresses = stringList(body, 'email_address').map((address) => ({
    id: randomId('idn_'),
    object: 'email_address',
    email_address: address,
    reserved: false,
    verification,
    linked_to: [],
    matches_sso_connection: false,
    created_at: now,
    updated_at: now,
  }));
  const phoneNumbers = stringList(body, 'phone_number').map((phone) => ({
    id: randomId('idn_'),
    object: 'phone_number',
    phone_number: phone,
    reserved_for_second_factor: false,
    default_second_factor: false,
    reserved: false,
    verification,
    linked_to: [],
    backup_codes: null,
    created_at: now,
    updated_at: now,
  }));
  return {
    username,
    first_name: firstName,
    last_name: lastName,
    external_id: externalId,
    image_url: '',
    has_image: false,
    primary_email_address_id: emailAddresses[0]?.id ?? null,
    primary_phone_number_id: phoneNumbers[0]?.id ?? null,
    primary_web3_wallet_id: null,
    password_enabled: typeof body['password'] === 'string' || typeof body['password_digest'] === 'string',
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: emailAddresses,
    phone_numbers: phoneNumbers,
    web3_wallets: [],
    passkeys: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: null,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    delete_self_enabled: true,
    create_organization_enabled: true,
    create_organizations_limit: null,
    last_active_at: null,
    legal_accepted_at: null,
    locale: null,
  };
}

export const createOrganizationParams = [
  'name',
  'slug',
  'created_by',
  'max_allowed_memberships',
  'public_metadata',
  'private_metadata',
];

/** The attributes of a new organization, and who created it (`null` when nobody was named). */
export function newOrganizationAttributes(body: Body): { attributes: JsonObject; createdBy: string | null } {
  const name = requiredString(body, 'name');
  const slug =
    optionalString(body, 'slug') ??
    (name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'organization');
  const createdBy = optionalString(body, 'created_by');
  const maxMemberships = body['max_allowed_memberships'] ?? 0;
  if (typeof maxMemberships !== 'number' || !Number.isInteger(maxMemberships) || maxMemberships < 0) {
    invalidParam('max_allowed_memberships', 'max_allowed_memberships must be a non-negative integer.');
  }
  return {
    attributes: {
      name,
      slug,
      image_url: '',
      has_image: false,
      max_allowed_memberships: maxMemberships,
      admin_delete_enabled: true,
      created_by: createdBy,
    },
    createdBy,
  };
}

export const createMembershipParams = ['user_id', 'role'];

/** The attributes of a new membership of `user` (its public user data is taken now). */
export function newMembershipAttributes(role: string, user: StoredResource): JsonObject {
  const emails = user.attributes['email_addresses'];
  const firstEmail = Array.isArray(emails) ? (emails[0] as JsonObject | undefined) : undefined;
  return {
    id: randomId('orgmem_'),
    role,
    role_name: role.replace(/^org:/, ''),
    permissions: [],
    public_user_data: {
      user_id: user.key,
      first_name: user.attributes['first_name'] ?? null,
      last_name: user.attributes['last_name'] ?? null,
      image_url: user.attributes['image_url'] ?? '',
      has_image: user.attributes['has_image'] ?? false,
      identifier: (firstEmail?.['email_address'] as JsonValue | undefined) ?? user.attributes['username'] ?? '',
      username: user.attributes['username'] ?? null,
    },
  };
}

export { requiredString };

/** A stored metadata field; one never written reads as `{}` (a stored `null` stays `null`). */
function field(resource: StoredResource, name: string): JsonValue {
  const value = resource.metadata[name];
  return value === undefined ? {} : value;
}

/** The Clerk JSON object of a user; the frontend view has only the fields the frontend may read. */
export function userJson(user: StoredResource, view: 'backend' | 'frontend'): JsonObject {
  const metadata: JsonObject = {};
  for (const name of view === 'backend' ? userMetadataFields : frontendReadableMetadataFields) {
    const wireName = toWireFieldName(name);
    metadata[wireName] = field(user, wireName);
  }
  // One literal, not keys added one by one: a 40-key object grown key by key serialises at about half the speed.
  return { object: 'user', id: user.key, ...user.attributes, ...metadata, created_at: user.createdAt, updated_at: user.updatedAt };
}

/** The Clerk JSON object of an organization. */
export function organizationJson(organization: StoredResource): JsonObject {
  return {
    object: 'organization',
    id: organization.key,
    ...organization.attributes,
    public_metadata: field(organization, 'public_metadata'),
    private_metadata: field(organization, 'private_metadata'),
    created_at: organization.createdAt,
    updated_at: organization.updatedAt,
  };
}

/** The Clerk JSON object of a membership, with its organization inside, as the SDK expects. */
export function membershipJson(membership: StoredResource, organization: StoredResource): JsonObject {
  return {
    object: 'organization_membership',
    ...membership.attributes,
    public_metadata: field(membership, 'public_metadata'),
    private_metadata: field(membership, 'private_metadata'),
    organization: organizationJson(organization),
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}
