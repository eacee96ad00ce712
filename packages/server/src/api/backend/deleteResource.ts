import type { Answer } from '../../http/answer.js';
import { jsonAnswer } from '../../http/responses.js';
import { notFound } from '../../http/serverErrors.js';
import type { RouteContext } from '../route.js';

/**
 * The route that deletes a user or an organization (the store deletes its memberships with it) and answers
 * Clerk's deleted-object, `{ object, id, deleted: true }`; 404 when there is none. `param` names the id.
 */
export function deleteResource<Param extends string>(kind: 'user' | 'organization', param: Param): (context: RouteContext<Param>) => Promise<Answer> {
  return async ({ params, store }) => {
    const id = params[param];
    if ((await store.delete(kind, id)) === undefined) notFound(kind, id);
    return jsonAnswer(200, { object: kind, id, deleted: true });
  };
}
