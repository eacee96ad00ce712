import { CLIENT_LIFETIME_MS } from './frontendSessions.js';

/** The Frontend API's cookie naming the browser's client (Clerk's `__client`). */
export const CLIENT_COOKIE = '__client';

/** The `Set-Cookie` that gives the browser its client: HttpOnly, SameSite=Lax, Secure only over https. */
export function clientCookie(clientId: string, secure: boolean): string {
  return `${CLIENT_COOKIE}=${clientId}; Path=/; Max-Age=${CLIENT_LIFETIME_MS / 1000}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The `Set-Cookie` that removes it. */
export function expiredClientCookie(secure: boolean): string {
  return `${CLIENT_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** A cookie's value in a `Cookie` header, or `undefined`. */
export function cookieValue(header: string | null, name: string): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator !== -1 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
