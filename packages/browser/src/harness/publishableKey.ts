/**
 * A development publishable key naming `host` as its Frontend API: `pk_test_` and the base64 of
 * `host$`. Both Clerk SDKs refuse a host without a dot, so use `127.0.0.1:PORT`, not `localhost`.
 */
export function publishableKey(host: string): string {
  return `pk_test_${Buffer.from(`${host}$`).toString('base64')}`;
}
