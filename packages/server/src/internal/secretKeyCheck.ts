const encoder = new TextEncoder();

/**
 * Makes a constant-time checker for a secret key: the configured key is
 * encoded once, and each candidate is compared over the configured key's
 * length with XOR accumulation, a length mismatch folded in and no early exit,
 * so the time depends on the configured key's length only, not its content.
 * Synchronous and hash-free: cheap on every request, in every web runtime.
 */
export function secretKeyChecker(secretKey: string): (candidate: string) => boolean {
  const expected = encoder.encode(secretKey);
  return (candidate) => {
    const given = encoder.encode(candidate);
    let difference = expected.length ^ given.length;
    for (let index = 0; index < expected.length; index++) difference |= expected[index]! ^ (given[index] ?? 0);
    return difference === 0;
  };
}
