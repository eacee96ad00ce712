type Plain = Record<string, unknown>;

/** A plain recursive copy of a patch value: one allocation per object or array, no checks. */
export function copyPatchValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyPatchValue);
  const copy: Plain = {};
  for (const key of Object.keys(value)) copy[key] = copyPatchValue((value as Plain)[key]);
  return copy;
}

/**
 * The lower bound of an immutable merge patch: walks the patch and makes one
 * shallow copy of each object on the patched path, nothing else. No
 * validation, no `__proto__` care, no sharing of equal values.
 *
 * @param target - the object to patch; never modified
 * @param patch - the merge patch object
 * @returns the patched copy
 */
export function spineCopyMerge(target: unknown, patch: Plain): Plain {
  const result: Plain =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Plain) } : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete result[key];
    else if (typeof value !== 'object' || Array.isArray(value)) result[key] = copyPatchValue(value);
    else result[key] = spineCopyMerge(result[key], value as Plain);
  }
  return result;
}
