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

/**
 * Whether a secret key can ever authenticate over HTTP: printable ASCII without whitespace. The check takes the
 * first run of non-space characters after `Bearer`, and a non-ASCII key arrives as other characters than it was
 * sent (header bytes are read as Latin-1), so any other key would refuse every request.
 */
export function isUsableSecretKey(secretKey: string): boolean {
  return /^[\x21-\x7e]+$/.test(secretKey);
}
