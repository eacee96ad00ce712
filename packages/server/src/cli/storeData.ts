// A whole store read out, and an empty store filled, through the store contract: `list` pages through each kind,
// `insert` keeps a resource's ids, timestamps and version as they are.
import type { MetadataStore, StoredResource } from '../store/metadataStore.js';
import { memoryStore } from '../store/memory/memoryStore.js';
import { DATA_FILE_KINDS } from './dataFile.js';

/** Resources read per `list` call. */
const PAGE = 500;

/** Every resource of `store`, kind by kind (users, organizations, memberships), oldest first, ties by key. */
export async function allResources(store: MetadataStore): Promise<StoredResource[]> {
  const all: StoredResource[] = [];
  for (const kind of DATA_FILE_KINDS) {
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.list({ kind, orderBy: { field: 'created_at', descending: false }, limit: PAGE, offset });
      all.push(...page);
      if (page.length < PAGE) break;
    }
  }
  return all;
}

/** How many resources `store` holds, of every kind. */
export async function resourceCount(store: MetadataStore): Promise<number> {
  let count = 0;
  for (const kind of DATA_FILE_KINDS) count += await store.count({ kind });
  return count;
}

/**
 * Inserts `resources` into a memory store, which refuses what any store would (a key twice, an organization's
 * slug twice): run before the real store is touched, so a refused seed writes nothing.
 *
 * @throws what the memory store's `insert` throws, naming the resource
 */
export async function checkSeed(resources: readonly StoredResource[]): Promise<void> {
  const trial = memoryStore();
  for (const resource of resources) {
    const inserted = await trial.insert(resource).catch((error: unknown) => {
      throw new Error(`${resource.kind} ${resource.key}: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (!inserted) throw new Error(`${resource.kind} ${resource.key}: listed twice`);
  }
}

/**
 * Inserts the seed's resources, checked by {@link checkSeed}, into `store` if it is empty; a store that holds any
 * is left as it is. Either way, says so.
 */
export async function seedIfEmpty(store: MetadataStore, seed: { readonly path: string; readonly resources: readonly StoredResource[] }, say: (line: string) => void): Promise<void> {
  const held = await resourceCount(store);
  if (held > 0) {
    say(`seed: ${seed.path} not loaded: the store holds ${held} resources already (a seed fills an empty store; see reset)`);
    return;
  }
  for (const resource of seed.resources) await store.insert(resource);
  say(`seed: ${seed.resources.length} resources loaded from ${seed.path}`);
}
