import { fail, invalidParam, unsupportedParam } from '../http/serverErrors.js';
import { isStorableText } from '../shared/storableText.js';

/** A JSON request body: an object of parameters. */
export type Body = Record<string, unknown>;

function storable(param: string, text: string): string {
  if (!isStorableText(text)) invalidParam(param, `${param} must not contain U+0000 or an unpaired surrogate.`);
  return text;
}

/** A string parameter, or `null` when absent or `null`. */
export function optionalString(body: Body, param: string): string | null {
  const value = body[param];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') invalidParam(param, `${param} must be a string.`);
  return storable(param, value);
}

/** A non-empty string parameter; 422 `form_param_missing` without one. */
export function requiredString(body: Body, param: string): string {
  const value = body[param];
  if (value === undefined || value === null || value === '') {
    fail({ code: 'form_param_missing', message: `${param} is missing`, longMessage: `${param} must be included.`, meta: { param_name: param } });
  }
  if (typeof value !== 'string') invalidParam(param, `${param} must be a string.`);
  return storable(param, value);
}

/** A list of non-empty strings; one string counts as a list of one. */
export function stringList(body: Body, param: string): string[] {
  const value = body[param];
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item): item is string => typeof item === 'string' && item !== '')) {
    invalidParam(param, `${param} must be a list of non-empty strings.`);
  }
  return list.map((item) => storable(param, item));
}

/** A boolean parameter, or `null` when absent or `null`. */
export function optionalBoolean(body: Body, param: string): boolean | null {
  const value = body[param];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') invalidParam(param, `${param} must be true or false.`);
  return value;
}

/** A non-negative integer parameter, or `null` when absent or `null`. */
export function optionalCount(body: Body, param: string): number | null {
  const value = body[param];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    invalidParam(param, `${param} must be a non-negative integer.`);
  }
  return value;
}

// RFC 3339: a date, a time and an offset (Z or ±hh:mm), fractional seconds optional.
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 date-time parameter as Unix milliseconds, or `null` when absent or `null`. */
export function optionalTimestamp(body: Body, param: string): number | null {
  const value = optionalString(body, param);
  if (value === null) return null;
  const milliseconds = rfc3339.test(value) ? Date.parse(value.replace(' ', 'T')) : Number.NaN;
  if (!Number.isFinite(milliseconds)) invalidParam(param, `${param} must be an RFC 3339 date-time, such as 2012-10-20T07:15:20.902Z.`);
  return milliseconds;
}

/**
 * Refuses a body parameter of Clerk's that this server does not implement (422 `form_param_unsupported`): its
 * answer could not show it, and ignoring it would drop what the caller asked for without saying so.
 */
export function refuseUnsupportedBodyParams(body: Body, names: readonly string[]): void {
  for (const name of names) {
    if (body[name] !== undefined) unsupportedParam(name);
  }
}

/** Refuses any body parameter outside `known`: the API's schemas forbid additional properties. */
export function refuseUnknownParams(body: Body, known: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (body[key] !== undefined && !known.includes(key)) {
      fail({ code: 'form_param_unknown', message: `${key} is unknown`, longMessage: `${key} is not a valid parameter for this request.`, meta: {
        param_name: key,
      } });
    }
  }
}

/** The attributes `body` sets, each read by its reader; absent parameters are left out. */
export function presentParams<Value>(body: Body, readers: Readonly<Record<string, (body: Body, param: string) => Value>>): Record<string, Value> {
  const present: Record<string, Value> = {};
  for (const [param, read] of Object.entries(readers)) {
    if (body[param] !== undefined) present[param] = read(body, param);
  }
  return present;
}
