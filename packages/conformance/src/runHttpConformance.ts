import { createMergePatch, jsonByteLength, type JsonValue } from '@metadata-semantics/core';
import type {
  ConformanceCase,
  ConformanceResource,
  MergeConformanceCase,
  MetadataConformanceCase,
  ReplaceConformanceCase,
  WireMetadataFields,
} from './conformanceCase.js';
import { toReport, type ConformanceReport, type ConformanceResult } from './conformanceReport.js';
import { checkMetadataOutcome } from './internal/checkMetadataOutcome.js';
import { isObject, jsonDifference, show } from './internal/json.js';
import { completeFields, fieldsOf, pickFields } from './internal/resourceFields.js';
import { loadConformanceCases, topicOf } from './loadConformanceCases.js';

/**
 * How the HTTP runner signs in as a user for the frontend cases.
 *
 * @public
 */
export interface HttpFrontendOptions {
  /** Where `PATCH /v1/me/metadata` is served. Default: the backend `baseUrl`. */
  readonly baseUrl?: string;
  /** The headers that make a request come from the user with this id (a session token, a test header, …). */
  readonly headers: (userId: string) => Record<string, string> | Promise<Record<string, string>>;
}

/**
 * Options of {@link runHttpConformance}.
 *
 * @public
 */
export interface HttpConformanceOptions {
  /** The server's origin (and path prefix, if any) before `/v1`, e.g. `http://127.0.0.1:8787`. */
  readonly baseUrl: string;
  /** The secret key sent as `Authorization: Bearer <key>`. */
  readonly secretKey: string;
  /** Case ids or topics to run; default all. Ignored when `cases` is given. */
  readonly filter?: string | readonly string[];
  /** The cases to run; default {@link loadConformanceCases} with `filter`. */
  readonly cases?: readonly ConformanceCase[];
  /** Enables the frontend cases; without it they are skipped. */
  readonly frontend?: HttpFrontendOptions;
  /** The fetch to use; default the global `fetch`. Pass a handler's own to test without a socket. */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Called with each result as soon as it is known. */
  readonly onResult?: (result: ConformanceResult) => void;
  /** Stops the run before the next case (the rest are skipped); cleanup still happens. */
  readonly signal?: AbortSignal;
  /** How long one request may take before it fails, in milliseconds. Default 30 000. */
  readonly requestTimeoutMs?: number;
  /**
   * Checks only the status of expected errors (and that nothing changed), not
   * their `code` and `param_name`: for servers with their own error codes,
   * such as Clerk itself. Default `false`.
   */
  readonly ignoreErrorCodes?: boolean;
}

/**
 * The report of {@link runHttpConformance}: the results, and what it created and could not delete.
 *
 * @public
 */
export interface HttpConformanceReport extends ConformanceReport {
  /** The resources the run created, as `user <id>`, `organization <id>`, `membership <organization id>/<user id>`. */
  readonly created: readonly string[];
  /** Resources the run created but could not delete, with the reason. */
  readonly cleanupProblems: readonly string[];
  /**
   * Why the run stopped early, when a resource it needs could not be created
   * (server unreachable, wrong key, …); every case from then on, the one it
   * stopped at included, failed with a message starting with `not run:`.
   */
  readonly fatal?: string;
}

const MAX_RATE_LIMIT_RETRIES = 3;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// The default limits of the semantics: a lifted reducer case must fit in one field.
const MAX_FIELD_BYTES = 8192;
const MAX_DEPTH = 64;
const sdkToWire: Readonly<Record<string, string>> = {
  publicMetadata: 'public_metadata',
  privateMetadata: 'private_metadata',
  unsafeMetadata: 'unsafe_metadata',
};

/** Thrown when a step the runner needs (set up, read back) does not work: the case fails. */
class SetupError extends Error {}

/** Thrown when a resource the run needs cannot be created: the run stops. */
class FatalError extends Error {}

function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return show(error);
  // fetch hides the network reason (ECONNREFUSED, …) in `cause`.
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

interface HttpAnswer {
  readonly status: number;
  readonly json: unknown;
}

function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [item, level] = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, level);
    for (const key of Object.keys(item)) pending.push([(item as Record<string, unknown>)[key], level + 1]);
  }
  return deepest;
}

function fitsOneField(value: unknown): boolean {
  return jsonByteLength(value) <= MAX_FIELD_BYTES && depthOf(value) <= MAX_DEPTH;
}

/**
 * Turns a merge reducer case into a PATCH of a user's public_metadata: the
 * target and patch go one level down, under the key "v", where
 * MergePatch({v: t}, {v: p}) = {v: MergePatch(t, p)} for any p but null, which deletes "v".
 */
function liftMerge(testCase: MergeConformanceCase): MetadataConformanceCase | string {
  if ('error' in testCase.expect) return 'a merge error case needs values JSON cannot hold';
  const stored = { v: testCase.target };
  const patch = { v: testCase.patch };
  const result = testCase.patch === null ? {} : { v: testCase.expect.result };
  if (![stored, patch, result].every(fitsOneField)) return 'too large or too deep to run inside one metadata field';
  return {
    ...testCase,
    resource: 'user',
    stored: { public_metadata: stored },
    request: { api: 'backend', method: 'PATCH', body: { public_metadata: patch } },
    expect: { status: 200, stored: completeFields('user', { public_metadata: result }) as WireMetadataFields },
  };
}

function toWireFields(value: unknown): WireMetadataFields | undefined {
  if (!isObject(value)) return undefined;
  const fields: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (!Object.hasOwn(sdkToWire, key) || !(field === null || isObject(field))) return undefined;
    fields[sdkToWire[key]!] = field as JsonValue;
  }
  return fields;
}

/** Turns a replace reducer case over user field names into a PUT of those fields. */
function liftReplace(testCase: ReplaceConformanceCase): MetadataConformanceCase | string {
  const stored = toWireFields(testCase.stored);
  if (stored === undefined) return 'its keys are not user metadata fields holding objects or null';
  if ('error' in testCase.expect) {
    return {
      ...testCase,
      resource: 'user',
      stored,
      request: { api: 'backend', method: 'PUT', body: testCase.provided },
      expect: { status: 422, error: { code: testCase.expect.error.code } },
    };
  }
  const provided = toWireFields(testCase.provided);
  const result = toWireFields(testCase.expect.result);
  if (provided === undefined || result === undefined) return 'its keys are not user metadata fields holding objects or null';
  return {
    ...testCase,
    resource: 'user',
    stored,
    request: { api: 'backend', method: 'PUT', body: provided },
    expect: { status: 200, stored: completeFields('user', result) as WireMetadataFields },
  };
}

/** Why a case cannot go over HTTP at all, or undefined. (Identity expectations, `shared`, are not observable: ignored.) */
function notOverHttp(testCase: ConformanceCase): string | undefined {
  if (testCase.nonJson !== undefined) return 'its inputs hold values JSON cannot (nonJson)';
  if ('operation' in testCase && testCase.operation === 'diff') return 'createMergePatch is not an HTTP operation';
  if ('limits' in testCase && testCase.limits !== undefined) return "it sets limits, and a server's limits are fixed when it starts";
  if ('schemas' in testCase && testCase.schemas !== undefined) return "it sets schemas, and a server's schemas are fixed when it starts";
  if (!('operation' in testCase) && Object.keys(testCase.stored).some((key) => !fieldsOf(testCase.resource).includes(key))) {
    return 'it stores keys that are not fields of the resource, which a server cannot hold';
  }
  return undefined;
}

function planOf(testCase: ConformanceCase): MetadataConformanceCase | string {
  const reason = notOverHttp(testCase);
  if (reason !== undefined) return reason;
  if (!('operation' in testCase)) return testCase;
  return testCase.operation === 'merge' ? liftMerge(testCase as MergeConformanceCase) : liftReplace(testCase as ReplaceConformanceCase);
}

function describeAnswer(answer: HttpAnswer): string {
  const errors = isObject(answer.json) && Array.isArray(answer.json['errors']) ? answer.json['errors'] : [];
  const first = errors[0] as { code?: unknown; long_message?: unknown } | undefined;
  return first === undefined ? `status ${answer.status}` : `status ${answer.status} ${String(first.code)}: ${String(first.long_message)}`;
}

/**
 * Runs the conformance vectors against a server over HTTP: Clerk's Backend API
 * metadata endpoints (and, when configured, the frontend `PATCH /v1/me/metadata`).
 *
 * @param options - the server, the secret key, which cases, and how to sign in for frontend cases
 * @returns the report; it resolves even when cases fail
 * @throws `TypeError` when `baseUrl` is not an http(s) URL or `secretKey` is empty, before any request
 *
 * @remarks
 * The run creates one user, and (only when organization or membership cases
 * are selected) one organization and the user's membership in it, through
 * `POST /v1/users`, `POST /v1/organizations` and
 * `POST /v1/organizations/{id}/memberships`. It touches no other resource:
 * every later request names an id it got back from those calls. Before each
 * case it sets the resource's fields to the case's `stored` with one `PUT` of
 * all fields (memberships have no PUT: it sends the merge patch from their
 * current fields instead, computed with `createMergePatch`); it then sends the
 * case's request and reads the fields back with `GET` (memberships: an empty
 * `PATCH`, which changes nothing). At the end it deletes what it created
 * (membership, organization, user) and lists what it could not delete.
 * A `429` answer is retried up to three times after its `Retry-After` (at most
 * 10 seconds each), so a rate-limited real instance slows the run down instead
 * of failing it.
 *
 * Reducer cases are lifted onto a user's fields: a merge case becomes a
 * `PATCH` of `public_metadata` with target and patch nested under the key `v`,
 * and a replace case over `publicMetadata`/`privateMetadata`/`unsafeMetadata`
 * becomes a `PUT` of those fields. Cases that cannot be lifted (a reducer case
 * too large for one field, replace cases over other keys) and frontend cases
 * without `frontend` are skipped.
 *
 * @public
 */
export async function runHttpConformance(options: HttpConformanceOptions): Promise<HttpConformanceReport> {
  if (typeof options?.baseUrl !== 'string' || !/^https?:\/\/./.test(options.baseUrl)) {
    throw new TypeError('runHttpConformance: options.baseUrl must be an http(s) URL');
  }
  if (typeof options.secretKey !== 'string' || options.secretKey === '') {
    throw new TypeError('runHttpConformance: options.secretKey must be a non-empty string');
  }
  const cases = options.cases ?? loadConformanceCases(options.filter === undefined ? {} : { filter: options.filter });
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const created: string[] = [];
  const cleanupProblems: string[] = [];
  const results: ConformanceResult[] = [];
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

  async function call(method: string, url: string, body: string | undefined, headers: Record<string, string>): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      const init: RequestInit = {
        method,
        headers: { Accept: 'application/json', 'User-Agent': '@metadata-semantics/conformance', ...headers },
        signal: AbortSignal.timeout(requestTimeoutMs),
      };
      if (body !== undefined) init.body = body;
      const response = await send(new Request(url, init));
      const text = await response.text();
      // Rate limited (a real Clerk instance): wait as told, a few times, then report the 429.
      if (response.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
        const header = response.headers.get('retry-after');
        const seconds = header === null ? Number.NaN : Number(header);
        await sleep(Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 10) * 1000 : 1000);
        continue;
      }
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json };
    }
  }

  const backend = (method: string, path: string, body?: unknown, rawBody?: string): Promise<HttpAnswer> =>
    call(method, baseUrl + path, rawBody ?? (body === undefined ? undefined : JSON.stringify(body)), {
      Authorization: `Bearer ${options.secretKey}`,
      ...(rawBody !== undefined || body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    });

  // The resources of this run, created on first use.
  let userId: string | undefined;
  let organizationId: string | undefined;
  let membershipFields: Record<string, unknown> | undefined;

  async function create(path: string, body: unknown, what: string): Promise<Record<string, unknown>> {
    let answer: HttpAnswer;
    try {
      answer = await backend('POST', path, body);
    } catch (error) {
      throw new FatalError(`could not create the ${what}: ${describeThrown(error)}`);
    }
    if (answer.status !== 200 || !isObject(answer.json)) throw new FatalError(`could not create the ${what}: ${describeAnswer(answer)}`);
    return answer.json;
  }

  async function ensureUser(): Promise<string> {
    if (userId !== undefined) return userId;
    const user = await create(
      '/v1/users',
      {
        external_id: `metadata-conformance-${runId}`,
        first_name: 'Metadata',
        last_name: 'Conformance',
        email_address: [`metadata-conformance+clerk_test_${runId}@example.com`],
        skip_password_requirement: true,
      },
      'test user',
    );
    if (typeof user['id'] !== 'string' || user['id'] === '') throw new FatalError('the created user has no id');
    userId = user['id'];
    created.push(`user ${userId}`);
    return userId;
  }

  async function ensureOrganization(): Promise<string> {
    if (organizationId !== undefined) return organizationId;
    const organization = await create('/v1/organizations', { name: `metadata-conformance ${runId}` }, 'test organization');
    if (typeof organization['id'] !== 'string' || organization['id'] === '') throw new FatalError('the created organization has no id');
    organizationId = organization['id'];
    created.push(`organization ${organizationId}`);
    return organizationId;
  }

  async function ensureMembership(): Promise<void> {
    if (membershipFields !== undefined) return;
    const organization = await ensureOrganization();
    const user = await ensureUser();
    const membership = await create(
      `/v1/organizations/${encodeURIComponent(organization)}/memberships`,
      { user_id: user, role: 'org:member' },
      'test membership',
    );
    created.push(`membership ${organization}/${user}`);
    membershipFields = completeFields('membership', pickFields(membership) as WireMetadataFields);
  }

  async function metadataPath(resource: ConformanceResource): Promise<string> {
    if (resource === 'user') return `/v1/users/${encodeURIComponent(await ensureUser())}/metadata`;
    if (resource === 'organization') return `/v1/organizations/${encodeURIComponent(await ensureOrganization())}/metadata`;
    await ensureMembership();
    return `/v1/organizations/${encodeURIComponent(organizationId!)}/memberships/${encodeURIComponent(userId!)}/metadata`;
  }

  async function readBack(resource: ConformanceResource): Promise<Record<string, unknown>> {
    let answer: HttpAnswer;
    if (resource === 'user') answer = await backend('GET', `/v1/users/${encodeURIComponent(userId!)}`);
    else if (resource === 'organization') answer = await backend('GET', `/v1/organizations/${encodeURIComponent(organizationId!)}`);
    else answer = await backend('PATCH', await metadataPath('membership'), {});
    if (answer.status !== 200) throw new SetupError(`could not read the ${resource} back: ${describeAnswer(answer)}`);
    const fields = pickFields(answer.json);
    if (resource === 'membership') membershipFields = fields;
    return fields;
  }

  async function setStored(resource: ConformanceResource, stored: WireMetadataFields): Promise<void> {
    const wanted = completeFields(resource, stored);
    const path = await metadataPath(resource);
    let answer: HttpAnswer | undefined;
    if (resource === 'membership') {
      let patch: JsonValue;
      try {
        patch = createMergePatch(membershipFields, wanted);
      } catch (error) {
        throw new SetupError(`the stored state cannot be reached with PATCH: ${(error as Error).message}`);
      }
      if (isObject(patch) && Object.keys(patch).length > 0) answer = await backend('PATCH', path, patch);
    } else {
      answer = await backend('PUT', path, wanted);
    }
    if (answer !== undefined) {
      if (answer.status !== 200) throw new SetupError(`could not set up the stored state: ${describeAnswer(answer)}`);
      const fields = pickFields(answer.json);
      if (resource === 'membership') membershipFields = fields;
      const difference = jsonDifference(fields, wanted);
      if (difference !== undefined) throw new SetupError(`setting up the stored state gave different fields at ${difference}`);
    }
  }

  async function sendCase(plan: MetadataConformanceCase): Promise<HttpAnswer> {
    const request = plan.request;
    if (request.api === 'backend') return backend(request.method, await metadataPath(plan.resource), request.body, request.rawBody);
    const frontend = options.frontend!;
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(request.body ?? {})) form.append(name, JSON.stringify(value));
    const headers = await frontend.headers(await ensureUser());
    const frontendBase = (frontend.baseUrl ?? baseUrl).replace(/\/+$/, '');
    return call('PATCH', `${frontendBase}/v1/me/metadata`, request.rawBody ?? form.toString(), {
      ...headers,
      'Content-Type': 'application/x-www-form-urlencoded',
    });
  }

  async function runCase(testCase: ConformanceCase): Promise<Omit<ConformanceResult, 'id' | 'topic'>> {
    const plan = planOf(testCase);
    if (typeof plan === 'string') return { outcome: 'skipped', message: `cannot run over HTTP: ${plan}` };
    if (plan.request.api === 'frontend') {
      if (options.frontend === undefined) return { outcome: 'skipped', message: 'frontend cases need a way to sign in as the test user (the frontend option, --frontend-header)' };
      if (plan.request.rawBody === undefined && !isObject(plan.request.body)) {
        return { outcome: 'skipped', message: 'a frontend body must be an object of form fields' };
      }
    }
    try {
      await setStored(plan.resource, plan.stored);
      const answer = await sendCase(plan);
      let response: unknown = answer.json;
      // A Frontend API answer wraps the user: { response: user, client }.
      if (isObject(response) && response['object'] !== 'user' && isObject(response['response'])) response = response['response'];
      const errors = isObject(answer.json) && Array.isArray(answer.json['errors']) ? answer.json['errors'] : [];
      const storedAfter = await readBack(plan.resource);
      const observed = { status: answer.status, response: answer.status === 200 ? response : undefined, errors, storedAfter };
      const message = checkMetadataOutcome(plan, observed, options.ignoreErrorCodes === true);
      return message === undefined ? { outcome: 'passed' } : { outcome: 'failed', message };
    } catch (error) {
      if (error instanceof FatalError) throw error;
      if (error instanceof SetupError) return { outcome: 'failed', message: error.message };
      return { outcome: 'failed', message: `request failed: ${describeThrown(error)}` };
    }
  }

  async function cleanUp(): Promise<void> {
    const attempt = async (path: string, what: string): Promise<void> => {
      try {
        const answer = await backend('DELETE', path);
        if (answer.status !== 200) cleanupProblems.push(`${what}: ${describeAnswer(answer)}`);
      } catch (error) {
        cleanupProblems.push(`${what}: ${describeThrown(error)}`);
      }
    };
    if (membershipFields !== undefined) {
      await attempt(
        `/v1/organizations/${encodeURIComponent(organizationId!)}/memberships/${encodeURIComponent(userId!)}`,
        `membership ${organizationId}/${userId}`,
      );
    }
    if (organizationId !== undefined) await attempt(`/v1/organizations/${encodeURIComponent(organizationId)}`, `organization ${organizationId}`);
    if (userId !== undefined) await attempt(`/v1/users/${encodeURIComponent(userId)}`, `user ${userId}`);
  }

  let fatal: string | undefined;
  try {
    for (const testCase of cases) {
      let verdict: Omit<ConformanceResult, 'id' | 'topic'>;
      if (fatal !== undefined) verdict = { outcome: 'failed', message: `not run: ${fatal}` };
      else if (options.signal?.aborted) verdict = { outcome: 'skipped', message: 'the run was interrupted' };
      else {
        try {
          verdict = await runCase(testCase);
        } catch (error) {
          if (!(error instanceof FatalError)) throw error;
          fatal = error.message;
          // This case did not run either: its resource could not be created.
          verdict = { outcome: 'failed', message: `not run: ${fatal}` };
        }
      }
      const result: ConformanceResult = { id: testCase.id, topic: topicOf(testCase.id), ...verdict };
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    await cleanUp();
  }
  return { ...toReport(results), created, cleanupProblems, ...(fatal === undefined ? {} : { fatal }) };
}
