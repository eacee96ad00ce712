import type { Answer } from '../../http/answer.js';
import { jsonAnswer } from '../../http/responses.js';
import { notFound } from '../../http/serverErrors.js';
import type { RouteContext } from '../route.js';
import type { StoredResource } from '../../store/metadataStore.js';
import { organizationJson } from '../organizationResource.js';
import { userJson } from '../userResource.js';

/** The JSON a deleted resource's event is made from. */
const toJson = { user: (user: StoredResource) => userJson(user, 'backend'), organization: (organization: StoredResource) => organizationJson(organization) };

/**
 * The route that deletes a user or an organization (the store deletes its memberships with it) and answers
 * Clerk's deleted-object, `{ object, id, deleted: true }`; 404 when there is none. `param` names the id.
 */
export function deleteResource<Param extends string>(kind: 'user' | 'organization', param: Param): (context: RouteContext<Param>) => Promise<Answer> {
  return async ({ params, store, events }) => {
    const id = params[param];
    // The event's data is made from the resource as it was (a user's external_id is in it); memberships deleted
    // with it record none: docs/webhooks.md says why.
    if ((await store.delete(kind, id, events?.(kind, 'deleted', toJson[kind]))) === undefined) notFound(kind, id);
    return jsonAnswer(200, { object: kind, id, deleted: true });
  };
}
