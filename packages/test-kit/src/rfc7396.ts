// A literal transcription of the pseudo-code of RFC 7396, section 2, kept as the reference the
// merge is compared with. Only two things are added, and both are about JavaScript, not the RFC:
// own-property reads and defineProperty writes (so `__proto__` is a name like any other), and a
// private copy of the target (the pseudo-code edits Target in place; the caller's value must stay).
//
//   define MergePatch(Target, Patch):
//     if Patch is an Object:
//       if Target is not an Object:
//         Target = {} # Ignore the contents and set it to an empty Object
//       for each Name/Value pair in Patch:
//         if Value is null:
//           if Name exists in Target:
//             remove the Name/Value pair from Target
//         else:
//           Target[Name] = MergePatch(Target[Name], Value)
//       return Target
//     else:
//       return Patch
import { defineOwn, hasOwn, isPlainObject, type PlainObject } from './json.js';

/** "is an Object": a JSON object, i.e. a plain object. */
function isObject(value: unknown): value is PlainObject {
  return isPlainObject(value);
}

function MergePatch(Target: unknown, Patch: unknown): unknown {
  if (isObject(Patch)) {
    if (!isObject(Target)) {
      Target = {}; // Ignore the contents and set it to an empty Object
    }
    const target = Target as PlainObject;
    for (const Name of Object.keys(Patch)) {
      const Value = Patch[Name];
      if (Value === null) {
        if (hasOwn(target, Name)) {
          delete target[Name];
        }
      } else {
        defineOwn(target, Name, MergePatch(hasOwn(target, Name) ? target[Name] : undefined, Value));
      }
    }
    return target;
  } else {
    return Patch;
  }
}

/** A deep copy of plain objects and arrays, written by hand (no structuredClone, no JSON round trip). */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (!isPlainObject(value)) return value;
  const copy: PlainObject = {};
  for (const key of Object.keys(value)) defineOwn(copy, key, copyOf(value[key]));
  return copy;
}

/** RFC 7396 MergePatch(target, patch), leaving `target` untouched. */
export function rfc7396MergePatch(target: unknown, patch: unknown): unknown {
  return MergePatch(copyOf(target), patch);
}
