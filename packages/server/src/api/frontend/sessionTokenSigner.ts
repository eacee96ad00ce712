import type { SessionTokenClaims } from './sessionTokenClaims.js';

// RS256 JSON Web Tokens with WebCrypto (every runtime the handler runs on has it), and the key's public half
// for the Backend API's JWKS.

/**
 * A private RSA key as a JSON Web Key (RFC 7517), the form `node:crypto`'s `generateKeyPairSync('rsa')` exports
 * with `format: 'jwk'`.
 *
 * @public
 */
export interface RsaPrivateJwk {
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
  readonly d: string;
  readonly p: string;
  readonly q: string;
  readonly dp: string;
  readonly dq: string;
  readonly qi: string;
}

/** The public half of the signing key, as `GET /v1/jwks` lists it. */
export interface PublicSigningJwk {
  readonly kid: string;
  readonly alg: 'RS256';
  readonly use: 'sig';
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
}

/** Signs session tokens with one RSA key. */
export interface SessionTokenSigner {
  readonly publicJwk: PublicSigningJwk;
  sign(claims: SessionTokenClaims): Promise<string>;
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const base64urlJson = (value: unknown): string => base64url(encoder.encode(JSON.stringify(value)));

/** The number of bytes a base64url text decodes to. */
function decodedLength(text: string): number {
  return Math.floor((text.replace(/=+$/, '').length * 3) / 4);
}

/**
 * Checks that `jwk` is a private RSA-2048 key with exponent 65537, the only kind `@clerk/backend`'s `jwtKey`
 * accepts. Throws a `TypeError` naming what is wrong.
 */
export function checkSigningJwk(jwk: RsaPrivateJwk): void {
  const fields = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
  if ((jwk as { kty?: unknown } | undefined)?.kty !== 'RSA' || !fields.every((field) => typeof jwk[field] === 'string')) {
    throw new TypeError('the signing key must be a private RSA key in JWK form (kty "RSA" with n, e, d, p, q, dp, dq, qi)');
  }
  if (jwk.e !== 'AQAB' || decodedLength(jwk.n) !== 256) {
    throw new TypeError('the signing key must be RSA-2048 with exponent 65537 (e "AQAB"), the only kind @clerk/backend\'s jwtKey takes');
  }
}

/** The key's id: its RFC 7638 thumbprint (SHA-256 of its required public members), with Clerk's `ins_` look. */
async function thumbprint(jwk: RsaPrivateJwk): Promise<string> {
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return `ins_${base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(canonical)))).slice(0, 27)}`;
}

/** A signer for a private RSA-2048 key (checked by {@link checkSigningJwk} first). */
export async function sessionTokenSigner(jwk: RsaPrivateJwk): Promise<SessionTokenSigner> {
  checkSigningJwk(jwk);
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const { kty, n, e, d, p, q, dp, dq, qi } = jwk;
  // Only the key's own members: a JWK given with `key_ops` or `use` of its own could make the import refuse it.
  const key = await crypto.subtle.importKey('jwk', { kty, n, e, d, p, q, dp, dq, qi, alg: 'RS256', ext: false }, algorithm, false, ['sign']);
  const kid = await thumbprint(jwk);
  const header = base64urlJson({ alg: 'RS256', kid, typ: 'JWT' });
  return {
    publicJwk: { kid, alg: 'RS256', use: 'sig', kty: 'RSA', n, e },
    async sign(claims) {
      const signed = `${header}.${base64urlJson(claims)}`;
      const signature = await crypto.subtle.sign(algorithm, key, encoder.encode(signed));
      return `${signed}.${base64url(new Uint8Array(signature))}`;
    },
  };
}
