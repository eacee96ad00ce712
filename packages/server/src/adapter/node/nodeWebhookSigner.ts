import { createHmac } from 'node:crypto';
import { webhookSecretKey } from '../../webhooks/webhookSecret.js';
import { signerOf, type WebhookSigner } from '../../webhooks/webhookSigner.js';

/**
 * A signer of Standard Webhooks (Svix) signatures with `node:crypto`'s HMAC: the same signatures as
 * `webhookSigner` (from `@metadata-semantics/server`), for a fraction of WebCrypto's CPU per attempt under Node
 * (WebCrypto's `sign` costs a job and its argument checks each time). Pass it as the delivery's `signer`; the
 * command-line server does.
 *
 * @param secret - `whsec_` and base64: the key is its decoded part
 * @throws TypeError (at once) when `secret` is not such a secret, or a timestamp is not a whole number of seconds
 *
 * @example
 * ```ts
 * const signer = nodeWebhookSigner('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
 * (await signer.signature('msg_1', 1700000000, '{}')).startsWith('v1,'); // => true
 * ```
 *
 * @public
 */
export function nodeWebhookSigner(secret: string): WebhookSigner {
  const key = webhookSecretKey(secret);
  return signerOf((signed) => createHmac('sha256', key).update(signed).digest());
}
