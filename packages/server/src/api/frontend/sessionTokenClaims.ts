/** What a session token says (Clerk's session-token claims, version 1). */
export interface SessionTokenClaims {
  /** The signed-in user. */
  readonly sub: string;
  /** The session. */
  readonly sid: string;
  /** `http://` and the Frontend API's host. */
  readonly iss: string;
  /** The page's origin, when the request had one: `authorizedParties` is checked against it. */
  readonly azp?: string;
  /** Seconds since the epoch. */
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
}

/** How far before `iat` a token is already valid: Clerk's tokens allow 10 s of clock difference. */
const NOT_BEFORE_LEEWAY_SECONDS = 10;

/** The claims of a session token issued at `now` (Unix ms), valid for `lifetimeSeconds`. */
export function sessionTokenClaims(input: {
  readonly userId: string;
  readonly sessionId: string;
  readonly issuer: string;
  readonly origin: string | null;
  readonly now: number;
  readonly lifetimeSeconds: number;
}): SessionTokenClaims {
  const iat = Math.floor(input.now / 1000);
  return {
    ...(input.origin === null ? {} : { azp: input.origin }),
    exp: iat + input.lifetimeSeconds,
    iat,
    iss: input.issuer,
    nbf: iat - NOT_BEFORE_LEEWAY_SECONDS,
    sid: input.sessionId,
    sub: input.userId,
  };
}

/**
 * The issuer of tokens for a publishable key: `http://` and the host it names (`pk_test_` + base64 of
 * `host$`), or `undefined` when it is no publishable key.
 */
export function issuerOfPublishableKey(publishableKey: string): string | undefined {
  const match = /^pk_(?:test|live)_([A-Za-z0-9+/=_-]+)$/.exec(publishableKey);
  if (match === null) return undefined;
  let decoded: string;
  try {
    decoded = atob(match[1]!.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
  return /^[^\s$/]+\$$/.test(decoded) ? `http://${decoded.slice(0, -1)}` : undefined;
}
