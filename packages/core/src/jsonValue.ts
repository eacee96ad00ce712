/**
 * A JSON primitive: `null`, a boolean, a finite number or a string.
 *
 * @public
 */
export type JsonPrimitive = null | boolean | number | string;

/**
 * A JSON array: an ordered list of JSON values. Arrays are values; they are
 * never merged, only replaced.
 *
 * @public
 */
export type JsonArray = JsonValue[];

/**
 * A JSON object: string keys mapped to JSON values.
 *
 * @remarks
 * A property whose value is `undefined` is treated as absent, exactly as
 * `JSON.stringify` drops it. `__proto__`, `constructor` and `prototype` are
 * ordinary keys.
 *
 * @public
 */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/**
 * Any JSON value: the only values metadata may hold.
 *
 * @public
 */
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;

/**
 * A read-only view of {@link JsonValue}, accepted wherever a function only reads.
 *
 * @public
 */
export type ReadonlyJsonValue =
  | JsonPrimitive
  | readonly ReadonlyJsonValue[]
  | { readonly [key: string]: ReadonlyJsonValue | undefined };

/**
 * The type of an RFC 7396 merge patch for a value of type `T`.
 *
 * @remarks
 * Every key of an object type becomes optional and may also be `null`, which
 * deletes it. Nested objects take nested patches. Arrays and primitives are
 * replaced whole, so their patch type is the type itself. With `T` left as
 * {@link JsonValue}, any JSON value is a patch. A misspelt key or a value of
 * the wrong type is a compile-time error when `T` is a declared interface.
 *
 * @example
 * ```ts
 * interface Prefs { prefs: { theme?: string; fontSize?: number } }
 * const patch: MergePatch<Prefs> = { prefs: { theme: null } };
 * deepMergeWithNullDeletion<Prefs>({ prefs: { theme: 'dark', fontSize: 14 } }, patch); // => { prefs: { fontSize: 14 } }
 * ```
 *
 * @public
 */
export type MergePatch<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: MergePatch<T[K]> | null }
    : T;
