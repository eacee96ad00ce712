import type { MetadataStore } from '../store/metadataStore.js';

/** At most one store read per this many milliseconds, however often the health endpoint is asked. */
const CHECK_INTERVAL_MILLISECONDS = 1_000;
/** A store that takes longer than this to answer one read is not up. */
const CHECK_TIMEOUT_MILLISECONDS = 2_000;

/** Whether the store answers a read (of an id no resource has) within `milliseconds`. */
function answersWithin(store: MetadataStore, milliseconds: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), milliseconds);
    store
      .get('user', 'healthz')
      .then(
        () => true,
        () => false,
      )
      .then((answered) => {
        clearTimeout(timer);
        resolve(answered);
      });
  });
}

/**
 * The command-line server's health check: whether its store answers a read in time. However often it is asked
 * (the health endpoint needs no key), the store is read at most once a second.
 */
export function storeHealthCheck(store: MetadataStore): () => Promise<boolean> {
  let checkedAt = -Infinity;
  let up = false;
  let checking: Promise<boolean> | undefined;
  return () => {
    if (performance.now() - checkedAt < CHECK_INTERVAL_MILLISECONDS) return Promise.resolve(up);
    checking ??= answersWithin(store, CHECK_TIMEOUT_MILLISECONDS).then((answered) => {
      up = answered;
      checkedAt = performance.now();
      checking = undefined;
      return answered;
    });
    return checking;
  };
}
