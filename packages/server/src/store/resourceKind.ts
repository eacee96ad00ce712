/**
 * The kinds of resource a {@link MetadataStore} holds.
 *
 * @public
 */
export type ResourceKind = 'user' | 'organization' | 'organization_membership';
