// The data file of `--seed` and `export`: every resource of a store, as the store keeps it (ids, timestamps and
// versions included), in one JSON document. Read with every resource checked; written in a fixed order.
import { readFileSync } from 'node:fs';
import { parseJsonExactly, type MetadataFields } from '@metadata-semantics/core';
import type { JsonObject } from '@metadata-semantics/core';
import type { StoredResource } from '../store/metadataStore.js';
import type { ResourceKind } from '../store/resourceKind.js';
import { describeCause, StartupError } from './startupError.js';

/** The `format` of a data file this version writes and reads. */
export const DATA_FILE_FORMAT = 'metadata-semantics-data/1';

/** The kinds in the order a file lists them: a membership after its organization and its user. */
export const DATA_FILE_KINDS: readonly ResourceKind[] = ['user', 'organization', 'organization_membership'];

/** Each kind's metadata fields (wire names), all of them present in a file. */
const METADATA_FIELDS: Readonly<Record<ResourceKind, readonly string[]>> = {
  user: ['public_metadata', 'private_metadata', 'unsafe_metadata'],
  organization: ['public_metadata', 'private_metadata'],
  organization_membership: ['public_metadata', 'private_metadata'],
};

/** A resource's keys in the order a file writes them. */
const RESOURCE_KEYS = ['kind', 'key', 'createdAt', 'updatedAt', 'version', 'attributes', 'metadata'] as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTime = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** What is wrong with one resource of a file, or `undefined`. */
function resourceProblem(value: unknown, earlier: ReadonlySet<string>): string | undefined {
  if (!isObject(value)) return 'must be an object';
  const unknown = Object.keys(value).find((key) => !(RESOURCE_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) return `unknown key ${JSON.stringify(unknown)} (a resource holds ${RESOURCE_KEYS.join(', ')})`;
  const { kind, key, attributes, metadata, createdAt, updatedAt, version } = value;
  if (!DATA_FILE_KINDS.includes(kind as ResourceKind)) return `kind must be ${DATA_FILE_KINDS.join(', ')}`;
  if (typeof key !== 'string' || key === '') return 'key must be a non-empty string';
  if (kind === 'organization_membership') {
    const [organization, user, ...rest] = key.split('/');
    if (rest.length > 0 || !earlier.has(`organization ${organization}`) || !earlier.has(`user ${user}`)) {
      return 'a membership\'s key is "<organization id>/<user id>", both listed before it';
    }
  } else if (key.includes('/')) return 'key must not hold "/"';
  if (earlier.has(`${kind} ${key}`)) return 'listed twice';
  if (!isObject(attributes)) return 'attributes must be an object';
  const fields = METADATA_FIELDS[kind as ResourceKind];
  if (!isObject(metadata) || Object.keys(metadata).length !== fields.length || !fields.every((field) => isObject(metadata[field]))) {
    return `metadata must hold ${fields.join(', ')}, each an object, and nothing else`;
  }
  if (!isTime(createdAt) || !isTime(updatedAt)) return 'createdAt and updatedAt must be Unix milliseconds';
  if (!Number.isSafeInteger(version) || (version as number) < 1) return 'version must be an integer from 1';
  return undefined;
}

/**
 * The resources of a data file's text, each checked (a kind, a key listed once, attributes, every metadata
 * field, timestamps, a version); numbers JSON.parse would change are refused. A bad file is a
 * {@link StartupError} naming `path` and the first bad resource.
 */
export function parseDataFile(text: string, path: string): StoredResource[] {
  const fail = (cause: string): never => {
    throw new StartupError(`data file ${path}`, undefined, cause);
  };
  let data: unknown;
  try {
    data = parseJsonExactly(text);
  } catch (error) {
    fail(`not JSON: ${describeCause(error)}`);
  }
  if (!isObject(data) || data['format'] !== DATA_FILE_FORMAT || !Array.isArray(data['resources'])) {
    fail(`must be { "format": "${DATA_FILE_FORMAT}", "resources": [ … ] }, as export writes it`);
  }
  const earlier = new Set<string>();
  const resources = (data as { resources: unknown[] }).resources;
  resources.forEach((resource, index) => {
    const problem = resourceProblem(resource, earlier);
    if (problem !== undefined) {
      const named = isObject(resource) && typeof resource['kind'] === 'string' && typeof resource['key'] === 'string' ? ` (${resource['kind']} ${resource['key']})` : '';
      fail(`resources[${index}]${named}: ${problem}`);
    }
    const { kind, key } = resource as StoredResource;
    earlier.add(`${kind} ${key}`);
  });
  return resources as StoredResource[];
}

/** A resource with its keys in the file's order. */
function ordered(resource: StoredResource): StoredResource {
  const { kind, key, createdAt, updatedAt, version, attributes, metadata } = resource;
  return { kind, key, createdAt, updatedAt, version, attributes: attributes as JsonObject, metadata: metadata as MetadataFields };
}

/** A data file's text: the resources as given (see {@link DATA_FILE_KINDS} for their order), two-space indented. */
export function dataFileText(resources: readonly StoredResource[]): string {
  return `${JSON.stringify({ format: DATA_FILE_FORMAT, resources: resources.map(ordered) }, null, 2)}\n`;
}

/** The resources of the data file at `path` (absolute); a file that cannot be read or is bad names it. */
export function readDataFile(path: string): StoredResource[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new StartupError(`data file ${path}`, undefined, `cannot read it: ${describeCause(error)}`);
  }
  return parseDataFile(text, path);
}
