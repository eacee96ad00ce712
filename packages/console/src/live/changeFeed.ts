/** The resource kinds of the Backend API the console shows. */
export type ResourceKind = 'user' | 'organization' | 'organization_membership';

/** What a view shows: a list of a kind (no `id`), or one resource. */
export interface ChangeTopic {
  readonly kind: ResourceKind;
  /** The resource's id (a membership's is `<organization id>/<user id>`); absent for a list. */
  readonly id?: string;
}

/**
 * Tells views when what they show may have changed elsewhere (the SDK, curl), so they read it again.
 *
 * @remarks
 * Polling implements it today ({@link createPollingFeed}); a server that pushes events (server-sent
 * events naming the kind and id of each change) can implement it without any view changing.
 */
export interface ChangeFeed {
  /** Calls `refresh` whenever `topic` may have changed, until the returned function is called. */
  watch(topic: ChangeTopic, refresh: () => Promise<void>): () => void;
}
