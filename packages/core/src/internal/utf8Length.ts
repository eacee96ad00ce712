const encoder = /* @__PURE__ */ new TextEncoder();

/** UTF-8 byte length of a string (lone surrogates count as the 3-byte replacement character). */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
