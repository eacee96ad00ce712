import type { JsonObject, JsonValue } from '@metadata-semantics/core';
import { createRandom, type Random } from './createRandom.js';

/** What a workload asks for: a merge (PATCH) or a per-field replace (PUT). */
export type WorkloadKind = 'merge' | 'replace';

/** One benchmark input: a stored value and the patch (or provided fields) applied to it. */
export interface Workload {
  /** 1-based number, as in the report. */
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly kind: WorkloadKind;
  readonly target: JsonObject;
  readonly patch: JsonObject;
}

/** The seed the report uses. */
export const DEFAULT_SEED = 7396;

const TIMEZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Africa/Lagos'];
const LANGUAGES = ['en-GB', 'en-US', 'de-DE', 'fr-FR', 'ja-JP', 'pt-BR'];
const ROLES = ['owner', 'admin', 'member', 'viewer', 'billing'];

function isoDate(random: Random): string {
  return new Date(Date.UTC(2025, random.int(0, 11), random.int(1, 28), random.int(0, 23), random.int(0, 59))).toISOString();
}

/** A realistic user's publicMetadata, grown with feature flags until it is 1–2 KB of JSON. */
function realisticMetadata(random: Random): JsonObject {
  const metadata: JsonObject = {
    role: random.pick(ROLES),
    plan: random.pick(['free', 'pro', 'team', 'enterprise']),
    onboarding: { completed: true, step: random.int(3, 7), completedAt: isoDate(random) },
    preferences: {
      theme: 'dark',
      language: random.pick(LANGUAGES),
      timezone: random.pick(TIMEZONES),
      notifications: {
        email: true,
        sms: random.int(0, 1) === 1,
        push: { marketing: false, product: true, security: true },
      },
    },
    billing: {
      customerId: `cus_${random.hex(14)}`,
      seats: random.int(2, 40),
      addons: ['sso', 'audit-log'],
      trialEndsAt: isoDate(random),
    },
    teams: Array.from({ length: 3 }, () => ({ id: `team_${random.hex(10)}`, name: random.word(8), role: random.pick(ROLES) })),
    integrations: {
      slack: { workspaceId: `T${random.hex(9).toUpperCase()}`, connectedAt: isoDate(random) },
      github: { org: random.word(9), installationId: random.int(10_000_000, 99_999_999) },
    },
    featureFlags: {},
    lastActiveAt: isoDate(random),
  };
  const flags = metadata['featureFlags'] as JsonObject;
  while (JSON.stringify(metadata).length < 1400) flags[`${random.word(6)}_${random.word(5)}`] = random.int(0, 1) === 1;
  return metadata;
}

function leafRecord(random: Random): JsonObject {
  return {
    id: random.hex(16),
    title: `${random.word(7)} ${random.word(9)} ${random.word(5)}`,
    status: random.pick(['active', 'paused', 'draft']),
    score: random.int(0, 10_000) / 100,
    enabled: random.int(0, 1) === 1,
    tags: [random.word(5), random.word(6), random.word(4)],
    owner: { id: `user_${random.hex(12)}`, email: `${random.word(8)}@example.com` },
    updatedAt: isoDate(random),
    note: `${random.word(12)} ${random.word(10)} ${random.word(11)} ${random.word(9)}`,
  };
}

/** A ~1 MB document: 26 sections × 16 groups × 8 items of ~300-byte records. */
function largeDocument(random: Random): JsonObject {
  const document: JsonObject = {};
  for (let s = 0; s < 26; s++) {
    const section: JsonObject = {};
    for (let g = 0; g < 16; g++) {
      const group: JsonObject = {};
      for (let i = 0; i < 8; i++) group[`item${i}`] = leafRecord(random);
      section[`group${g}`] = group;
    }
    document[`section${s}`] = section;
  }
  return document;
}

function wideValue(random: Random): JsonValue {
  switch (random.int(0, 3)) {
    case 0:
      return random.int(0, 1_000_000);
    case 1:
      return random.word(random.int(4, 12));
    case 2:
      return random.int(0, 1) === 1;
    default:
      return { id: random.hex(8), count: random.int(0, 99) };
  }
}

function asParsed(value: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

function deepChain(depth: number, leaf: JsonObject): JsonObject {
  let node: JsonObject = leaf;
  for (let level = depth - 1; level >= 1; level--) node = { level, name: `n${level}`, child: node };
  return node;
}

function fieldValue(random: Random, keys: number): JsonObject {
  const value: JsonObject = {};
  for (let i = 0; i < keys; i++) value[random.word(random.int(4, 9))] = wideValue(random);
  return value;
}

/**
 * Builds the five benchmark workloads from a seed; the same seed always gives
 * the same workloads.
 *
 * @param seed - the PRNG seed
 * @returns the workloads in report order
 */
export function createWorkloads(seed: number = DEFAULT_SEED): Workload[] {
  const random = createRandom(seed);

  const metadata = realisticMetadata(random);
  const metadataPatch: JsonObject = {
    preferences: { theme: 'light', notifications: { sms: null } },
    billing: { seats: ((metadata['billing'] as JsonObject)['seats'] as number) + 1 },
    lastActiveAt: isoDate(random),
  };

  const document = largeDocument(random);
  const section = `section${random.int(0, 25)}`;
  const group = `group${random.int(0, 15)}`;
  const item = `item${random.int(0, 7)}`;
  const documentPatch: JsonObject = { [section]: { [group]: { [item]: { status: 'archived' } } } };

  const wide: JsonObject = {};
  for (let i = 0; i < 10_000; i++) wide[`key${String(i).padStart(5, '0')}`] = wideValue(random);
  const patchedKeys = new Set<string>();
  while (patchedKeys.size < 8) patchedKeys.add(`key${String(random.int(0, 9_999)).padStart(5, '0')}`);
  const widePatch: JsonObject = {};
  for (const key of patchedKeys) widePatch[key] = patchedKeys.size > Object.keys(widePatch).length + 1 ? wideValue(random) : null;
  widePatch['addedA'] = wideValue(random);
  widePatch['addedB'] = wideValue(random);

  const deep = deepChain(500, { level: 500, value: random.word(8) });
  const deepPatch = deepChain(500, { value: random.word(8) });
  for (let node: JsonObject = deepPatch; node['child'] !== undefined; node = node['child'] as JsonObject) {
    delete node['level'];
    delete node['name'];
  }

  const stored: JsonObject = {
    publicMetadata: fieldValue(random, 30),
    privateMetadata: fieldValue(random, 30),
    unsafeMetadata: fieldValue(random, 15),
  };
  const provided: JsonObject = { publicMetadata: fieldValue(random, 20) };

  // Stored metadata and request bodies both come out of JSON.parse: so do the inputs here.
  return [
    {
      id: 1,
      name: 'realistic metadata',
      description: `a ${JSON.stringify(metadata).length}-byte metadata object; a 4-key patch with a nested null deletion`,
      kind: 'merge',
      target: asParsed(metadata),
      patch: asParsed(metadataPatch),
    },
    {
      id: 2,
      name: '~1 MB document',
      description: `a ${(JSON.stringify(document).length / 1e6).toFixed(2)} MB document; the patch sets one key four levels down`,
      kind: 'merge',
      target: asParsed(document),
      patch: asParsed(documentPatch),
    },
    {
      id: 3,
      name: '10,000 keys',
      description: 'an object with 10,000 keys; a 10-key patch (7 changes, 1 deletion, 2 additions)',
      kind: 'merge',
      target: asParsed(wide),
      patch: asParsed(widePatch),
    },
    {
      id: 4,
      name: '500 levels deep',
      description: 'nesting 500 levels deep; the patch sets the deepest leaf',
      kind: 'merge',
      target: asParsed(deep),
      patch: asParsed(deepPatch),
    },
    {
      id: 5,
      name: 'replace one field',
      description: 'replace publicMetadata, one of three ~0.5 KB fields (replaceFields)',
      kind: 'replace',
      target: asParsed(stored),
      patch: asParsed(provided),
    },
  ];
}
