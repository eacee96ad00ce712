import { toBase64, webhookSecretKey } from './webhookSecret.js';

/**
 * The headers that sign one attempt to deliver a message, as Clerk (through Svix) sends them: the `svix-*` trio
 * that `verifyWebhook` reads and the Standard Webhooks `webhook-*` trio, with the same values.
 *
 * @public
 */
export interface WebhookSignatureHeaders {
  readonly 'svix-id': string;
  readonly 'svix-timestamp': string;
  readonly 'svix-signature': string;
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/**
 * Signs messages with one secret.
 *
 * @public
 */
export interface WebhookSigner {
  /**
   * `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`.
   *
   * @param id - the message's id, the same on every attempt (`msg_…`)
   * @param timestamp - Unix seconds: when this attempt is sent (verifiers refuse one more than five minutes off)
   * @param body - the exact text sent
   */
  signature(id: string, timestamp: number, body: string): Promise<string>;
  /** The headers of one attempt: the id, the timestamp and the {@link WebhookSigner.signature}. */
  headers(id: string, timestamp: number, body: string): Promise<WebhookSignatureHeaders>;
}

const encoder = new TextEncoder();

/**
 * A signer of Standard Webhooks (Svix) signatures, with WebCrypto (`crypto.subtle`): runs on every runtime.
 *
 * @param secret - `whsec_` and base64: the key is its decoded part
 * @throws TypeError (at once) when `secret` is not such a secret, or a timestamp is not a whole number of seconds
 *
 * @public
 */
export function webhookSigner(secret: string): WebhookSigner {
  const key = crypto.subtle.importKey('raw', webhookSecretKey(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  // A rejected import would otherwise be reported as unhandled until the first signature awaits it.
  key.catch(() => {});
  return signerOf(async (signed) => new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(signed))));
}

/**
 * A {@link WebhookSigner} over an HMAC-SHA256 of the secret's key: `mac` gives the MAC of a signed text (the
 * runtime's fastest way to compute it), this the signature and the headers around it.
 */
export function signerOf(mac: (signed: string) => Uint8Array | Promise<Uint8Array>): WebhookSigner {
  async function signature(id: string, timestamp: number, body: string): Promise<string> {
    if (!Number.isSafeInteger(timestamp)) throw new TypeError(`A webhook timestamp is whole Unix seconds, not ${timestamp}`);
    return `v1,${toBase64(await mac(`${id}.${timestamp}.${body}`))}`;
  }

  return {
    signature,
    async headers(id, timestamp, body) {
      const signed = await signature(id, timestamp, body);
      const time = String(timestamp);
      return { 'svix-id': id, 'svix-timestamp': time, 'svix-signature': signed, 'webhook-id': id, 'webhook-timestamp': time, 'webhook-signature': signed };
    },
  };
}
