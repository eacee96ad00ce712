/**
 * Makes a class of lazy Fetch objects pass for `base` (its `instanceof` and `toString` tag): each of `getters`
 * and `methods` reads the real object, which `real` builds on first use, and so do the runtime's own symbols
 * (what `new Request(request, init)` reads of a request, in Node).
 */
export function delegateToReal<Self>(
  lazy: { prototype: Self },
  base: { prototype: object },
  tag: string,
  real: (self: Self) => object,
  members: { readonly getters: readonly string[]; readonly methods: readonly string[]; readonly symbols: readonly symbol[] },
): void {
  const prototype = lazy.prototype as object;
  for (const name of [...members.getters, ...members.symbols]) {
    Object.defineProperty(prototype, name, {
      get(this: Self) {
        return (real(this) as Record<string | symbol, unknown>)[name];
      },
      configurable: true,
    });
  }
  for (const name of members.methods) {
    Object.defineProperty(prototype, name, {
      value(this: Self, ...args: unknown[]) {
        const target = real(this) as Record<string, (...args: unknown[]) => unknown>;
        return target[name]!(...args);
      },
      configurable: true,
      writable: true,
    });
  }
  Object.defineProperty(prototype, Symbol.toStringTag, { value: tag, configurable: true });
  Object.setPrototypeOf(prototype, base.prototype);
}
