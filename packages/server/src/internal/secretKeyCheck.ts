const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
 * Makes a constant-time checker for a secret key: both sides are hashed with
 * SHA-256 (fixed length, so neither the key's length nor its content leaks
 * through timing) and the digests are compared without an early exit.
 */
export function secretKeyChecker(secretKey: string): (candidate: string) => Promise<boolean> {
  const expected = sha256(secretKey);
  return async (candidate) => {
    const [a, b] = await Promise.all([expected, sha256(candidate)]);
    let difference = 0;
    for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!;
    return difference === 0;
  };
}
