import type { ClientRecord, FrontendSessions } from './frontendSessions.js';
import type { SessionTokenSigner } from './sessionTokenSigner.js';

/** What the routes of sign-in and sessions share: the registry, the token signer, and this request's browser. */
export interface FrontendAuth {
  /** The clients, sessions and sign-in tokens. */
  readonly sessions: FrontendSessions;
  /** Signs session tokens; `undefined` when the handler serves no Frontend API (no signing key). */
  signer(): Promise<SessionTokenSigner | undefined>;
  /** How long a session token lives. */
  readonly tokenLifetimeSeconds: number;
  /** The tokens' `iss`: `http://` and the publishable key's host (the request's host when no key is given). */
  readonly issuer: string;
  /** The request's `Origin`, the tokens' `azp`. */
  readonly origin: string | null;
  /** On a Frontend API request: the browser's client, named by its `__client` cookie, if it is known. */
  readonly client: ClientRecord | undefined;
  /** On a Frontend API request: whether the answer may set cookies with `Secure` (https). */
  readonly secure: boolean;
}
