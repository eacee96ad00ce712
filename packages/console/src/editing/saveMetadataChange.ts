import type { MetadataFields, MetadataSchemas } from '@metadata-semantics/core';
import type { OptimisticMetadataStore } from '@metadata-semantics/optimistic';
import { refusalOf, type MetadataChangeRequest, type PreviewRefusal } from './previewMetadataChange.js';

/** How a save ended: the server's answer taken, refused before sending (nothing sent), or refused by the server (rolled back). */
export type SaveOutcome =
  | { readonly kind: 'saved' }
  | { readonly kind: 'refused'; readonly refusal: PreviewRefusal }
  | { readonly kind: 'failed'; readonly error: unknown };

/** The optimistic store of the page's resource, in wire names. */
export type WireMetadataStore = OptimisticMetadataStore<MetadataSchemas, 'wire'> & { getSnapshot(): MetadataFields };

/**
 * Shows the change at once through the optimistic store (which first checks it with core's limits on what
 * is shown: a refusal sends nothing), sends it, and takes the server's answer, or rolls it back when the
 * server refuses it.
 */
export async function saveMetadataChange(
  store: WireMetadataStore,
  request: MetadataChangeRequest,
  send: (request: MetadataChangeRequest) => Promise<object>,
): Promise<SaveOutcome> {
  let id: number;
  try {
    id = store.apply(request);
  } catch (error) {
    return { kind: 'refused', refusal: refusalOf(error) };
  }
  try {
    store.settle(id, await send(request));
    return { kind: 'saved' };
  } catch (error) {
    store.fail(id);
    return { kind: 'failed', error };
  }
}
