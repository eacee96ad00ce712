/** Names a value that JSON cannot hold, for error messages. */
export function describeNonJson(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return String(value);
    case 'bigint':
      return 'a bigint';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default: {
      if (value === null) return 'null';
      const constructorName = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)
        ?.constructor?.name;
      return typeof constructorName === 'string' && constructorName !== ''
        ? `an instance of ${constructorName}`
        : 'an object that is not a plain object';
    }
  }
}
