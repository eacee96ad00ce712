import { frontendWritableMetadataFields, parseJsonExactly } from '@metadata-semantics/core';
import { clientWrappedUser } from './clientEnvelope.js';
import { changeResourceMetadata } from '../metadataWrites.js';
import { requestFormFields } from './formBody.js';
import { clientAnswer } from './clientAnswers.js';
import type { StoredResource } from '../../store/metadataStore.js';
import { jsonAnswer } from '../../http/responses.js';
import { fail, notFound } from '../../http/serverErrors.js';
import { route, type Route, type RouteContext } from '../route.js';
import { userJson } from '../userResource.js';

/** A form-encoded body whose every field holds JSON text, as `PATCH /v1/me/metadata` takes it. */
async function jsonFormFields(context: RouteContext): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(await requestFormFields(context))) {
    try {
      // A number the field's JSON would not keep exactly is a 422 invalid_json_value at [name, ...].
      params[name] = parseJsonExactly(text, [name]);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      fail({ code: 'request_body_invalid', message: `${name} is not JSON`, longMessage: `${name} must be a JSON-encoded string.`, meta: { param_name: name } });
    }
  }
  return params;
}

/** The answer of a `/v1/me` route: under the Frontend API, the browser's client; otherwise one derived from the user. */
async function meAnswer(context: RouteContext, user: StoredResource) {
  const client = context.auth.client;
  if (client === undefined) return jsonAnswer(200, clientWrappedUser(user, context.now()));
  return jsonAnswer(200, { response: userJson(user, 'frontend'), client: await clientAnswer(context, client, user) });
}

async function getMe(context: RouteContext) {
  const user = (await context.store.get('user', context.signedInUserId)) ?? notFound('user', context.signedInUserId);
  return meAnswer(context, user);
}

async function updateMyMetadata(context: RouteContext) {
  const params = await jsonFormFields(context);
  if (!Object.hasOwn(params, 'unsafe_metadata')) {
    fail({ code: 'form_param_missing', message: 'unsafe_metadata is missing', longMessage: 'unsafe_metadata must be included.', meta: { param_name: 'unsafe_metadata' } });
  }
  const userId = context.signedInUserId;
  // The event carries the user as the Backend API answers it (private metadata included), as Clerk's do.
  const record = context.events?.('user', 'updated', (written) => userJson(written, 'backend'));
  const user = await changeResourceMetadata(context, 'user', userId, 'update', params, frontendWritableMetadataFields, record);
  return meAnswer(context, user ?? notFound('user', userId));
}

/** The Frontend API's operations on the signed-in user; the handler signs the user in first. */
export const meRoutes: readonly Route[] = [
  route({
    api: 'frontend',
    method: 'GET',
    path: '/v1/me',
    operation: 'getUser',
    sdk: "`user.reload()` in Clerk's browser SDK",
    answers: '`{ response: user, client }`',
    statuses: [200, 401, 403, 404],
    run: getMe,
  }),
  route({
    api: 'frontend',
    method: 'PATCH',
    path: '/v1/me/metadata',
    operation: 'patchUserMetadata',
    sdk: "`user.updateMetadata()` in Clerk's browser SDK",
    answers: '`{ response: user, client }`',
    statuses: [200, 400, 401, 403, 404, 422],
    run: updateMyMetadata,
  }),
];
