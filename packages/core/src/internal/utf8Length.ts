// Every runtime core targets (browsers, Node, Deno, Bun, workers) has TextEncoder;
// core compiles without DOM or Node typings, so it declares the one member it uses.
declare const TextEncoder: new () => { encode(input: string): Uint8Array };

const encoder = /* @__PURE__ */ new TextEncoder();

/** UTF-8 byte length of a string (lone surrogates count as the 3-byte replacement character). */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
