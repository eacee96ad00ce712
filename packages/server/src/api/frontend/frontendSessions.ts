import { randomId } from '../../shared/ids.js';

// The Frontend API's clients, sessions and sign-in tokens, kept in the server's memory: a restart signs every
// browser out (a new sign-in token signs it in again), and the users and their metadata stay in the store.

const DAY = 86_400_000;

/** How long a session lives after its sign-in (Clerk's default), and a client's cookie. */
export const SESSION_LIFETIME_MS = 7 * DAY;
export const CLIENT_LIFETIME_MS = 365 * DAY;
/** A sign-in token's lifetime when its creator names none (Clerk's default: 30 days). */
export const DEFAULT_SIGN_IN_TOKEN_SECONDS = 30 * 86_400;

/** One signed-in session of a client (a browser). */
export interface SessionRecord {
  readonly id: string;
  readonly clientId: string;
  readonly userId: string;
  readonly status: 'active' | 'ended' | 'removed';
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One browser, known by its `__client` cookie. */
export interface ClientRecord {
  readonly id: string;
  /** Its sessions, oldest first. */
  readonly sessionIds: readonly string[];
  readonly lastActiveSessionId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A single-use ticket a secret-key holder made for a user. */
export interface SignInTokenRecord {
  readonly id: string;
  /** The ticket itself: secret, given once to its creator. */
  readonly token: string;
  readonly userId: string;
  readonly status: 'pending' | 'accepted' | 'revoked';
  readonly expiresAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Why a ticket cannot sign in. */
export type TicketRefusal = 'unknown' | 'expired' | 'used' | 'revoked';

/** Whether a session signs its client in at `now`: active and not past its lifetime. */
export function isLiveSession(session: SessionRecord, now: number): boolean {
  return session.status === 'active' && now < session.createdAt + SESSION_LIFETIME_MS;
}

/**
 * The in-memory registry. Records are values: a change replaces the record, so one handed out never changes
 * under its reader.
 */
export class FrontendSessions {
  readonly #clients = new Map<string, ClientRecord>();
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #tokensById = new Map<string, SignInTokenRecord>();
  readonly #tokensByTicket = new Map<string, SignInTokenRecord>();

  client(id: string): ClientRecord | undefined {
    return this.#clients.get(id);
  }

  session(id: string): SessionRecord | undefined {
    return this.#sessions.get(id);
  }

  /** The client's sessions, oldest first. */
  sessionsOf(client: ClientRecord): SessionRecord[] {
    return client.sessionIds.map((id) => this.#sessions.get(id)!);
  }

  newClient(now: number): ClientRecord {
    const client: ClientRecord = { id: randomId('client_'), sessionIds: [], lastActiveSessionId: null, createdAt: now, updatedAt: now };
    this.#clients.set(client.id, client);
    return client;
  }

  /** Signs `userId` in on `client`: a new active session, the client's last active one. */
  newSession(client: ClientRecord, userId: string, now: number): { client: ClientRecord; session: SessionRecord } {
    const session: SessionRecord = { id: randomId('sess_'), clientId: client.id, userId, status: 'active', createdAt: now, updatedAt: now };
    this.#sessions.set(session.id, session);
    const changed = { ...client, sessionIds: [...client.sessionIds, session.id], lastActiveSessionId: session.id, updatedAt: now };
    this.#clients.set(client.id, changed);
    return { client: changed, session };
  }

  /** Makes a session of the client its last active one. */
  touch(client: ClientRecord, session: SessionRecord, now: number): { client: ClientRecord; session: SessionRecord } {
    const touched = { ...session, updatedAt: now };
    this.#sessions.set(session.id, touched);
    const changed = { ...client, lastActiveSessionId: session.id, updatedAt: now };
    this.#clients.set(client.id, changed);
    return { client: changed, session: touched };
  }

  /** Ends one session (`ended` or `removed`); the client's last active session becomes its newest live one. */
  endSession(client: ClientRecord, session: SessionRecord, status: 'ended' | 'removed', now: number): { client: ClientRecord; session: SessionRecord } {
    const ended = { ...session, status, updatedAt: now };
    this.#sessions.set(session.id, ended);
    return { client: this.#refreshLastActive(client, now), session: ended };
  }

  /** Ends every session of the client; the client (and its cookie) stays. */
  endAll(client: ClientRecord, now: number): ClientRecord {
    for (const session of this.sessionsOf(client)) {
      if (session.status === 'active') this.#sessions.set(session.id, { ...session, status: 'removed', updatedAt: now });
    }
    return this.#refreshLastActive(client, now);
  }

  #refreshLastActive(client: ClientRecord, now: number): ClientRecord {
    const live = this.sessionsOf(client).filter((session) => isLiveSession(session, now));
    const changed = { ...client, lastActiveSessionId: live.at(-1)?.id ?? null, updatedAt: now };
    this.#clients.set(client.id, changed);
    return changed;
  }

  newSignInToken(userId: string, expiresInSeconds: number, now: number): SignInTokenRecord {
    const token: SignInTokenRecord = {
      id: randomId('sit_'),
      token: `${randomId('tkt_')}${randomId('')}`,
      userId,
      status: 'pending',
      expiresAt: now + expiresInSeconds * 1000,
      createdAt: now,
      updatedAt: now,
    };
    this.#tokensById.set(token.id, token);
    this.#tokensByTicket.set(token.token, token);
    return token;
  }

  /** Revokes a pending token; `undefined` when there is no such token. */
  revokeSignInToken(id: string, now: number): SignInTokenRecord | undefined {
    const token = this.#tokensById.get(id);
    if (token === undefined || token.status !== 'pending') return token;
    return this.#replaceToken({ ...token, status: 'revoked', updatedAt: now });
  }

  /** Accepts a ticket once: its token, or why it cannot sign in. Checked and spent in one synchronous step. */
  acceptTicket(ticket: string, now: number): SignInTokenRecord | TicketRefusal {
    const token = this.#tokensByTicket.get(ticket);
    if (token === undefined) return 'unknown';
    if (token.status === 'accepted') return 'used';
    if (token.status === 'revoked') return 'revoked';
    if (now >= token.expiresAt) return 'expired';
    return this.#replaceToken({ ...token, status: 'accepted', updatedAt: now });
  }

  #replaceToken(token: SignInTokenRecord): SignInTokenRecord {
    this.#tokensById.set(token.id, token);
    this.#tokensByTicket.set(token.token, token);
    return token;
  }
}
