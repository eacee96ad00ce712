// The console's sign-in: a one-time token the command line prints in a URL, and the sessions it opens, held as
// their SHA-256 digests so that looking one up leaks nothing usable about the others through timing.
import { createHash, randomBytes } from 'node:crypto';

/** The console's one pending sign-in token and its open sessions, for one server run. */
export interface ConsoleSessions {
  /** The token the current sign-in URL carries. */
  readonly token: () => string;
  /** Opens a session for the current token and replaces the token (it is one-time); `undefined` for any other text. */
  readonly redeem: (token: string) => string | undefined;
  /** Whether a session id is one this run opened. */
  readonly isOpen: (session: string) => boolean;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('base64url');
const secret = (): string => randomBytes(32).toString('base64url');

/** A fresh token and no session; `onToken` is told each new token after the first. */
export function createConsoleSessions(onToken: (token: string) => void = () => {}): ConsoleSessions {
  let token = secret();
  const open = new Set<string>();
  return {
    token: () => token,
    redeem(given) {
      if (digest(given) !== digest(token)) return undefined;
      const session = secret();
      open.add(digest(session));
      token = secret();
      onToken(token);
      return session;
    },
    isOpen: (session) => open.has(digest(session)),
  };
}
