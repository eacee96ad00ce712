import { createHmac } from 'node:crypto';
import { verifyWebhook } from '@clerk/backend/webhooks';
import { fc, it } from '@fast-check/vitest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect } from 'vitest';
import { webhookEvent } from '../webhookEvent.js';
import { newMessageId } from '../webhookMessages.js';
import { generateWebhookSecret, webhookSecretKey } from '../webhookSecret.js';
import { nodeWebhookSigner } from '../../adapter/node/nodeWebhookSigner.js';
import { webhookSigner, type WebhookSignatureHeaders } from '../webhookSigner.js';

const seconds = (): number => Math.floor(Date.now() / 1000);

/** The request an endpoint receives: the body and the signature's headers. */
const requestOf = (body: string, headers: WebhookSignatureHeaders | Record<string, string>): Request =>
  new Request('http://localhost/api/webhooks', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });

/** The `svix-*` headers only: what `verifyWebhook` and `svix` read. */
const svixHeaders = (headers: WebhookSignatureHeaders): Record<string, string> => ({
  'svix-id': headers['svix-id'],
  'svix-timestamp': headers['svix-timestamp'],
  'svix-signature': headers['svix-signature'],
});

/** The `webhook-*` headers only: what a Standard Webhooks verifier reads. */
const standardHeaders = (headers: WebhookSignatureHeaders): Record<string, string> => ({
  'webhook-id': headers['webhook-id'],
  'webhook-timestamp': headers['webhook-timestamp'],
  'webhook-signature': headers['webhook-signature'],
});

/** Whether each verifier accepts a delivery: Clerk's `verifyWebhook`, `svix`, and `standardwebhooks`. */
async function verdicts(secret: string, body: string, headers: WebhookSignatureHeaders): Promise<boolean[]> {
  const accepts = async (verify: () => unknown): Promise<boolean> => {
    try {
      await verify();
      return true;
    } catch {
      return false;
    }
  };
  return Promise.all([
    accepts(() => verifyWebhook(requestOf(body, svixHeaders(headers)), { signingSecret: secret })),
    accepts(() => new SvixWebhook(secret).verify(body, svixHeaders(headers))),
    accepts(() => new StandardWebhook(secret).verify(body, standardHeaders(headers))),
  ]);
}

/** A Clerk event's body with any resource JSON in it. */
const eventBody = fc
  .tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.string({ unit: 'grapheme' }), fc.string())
  .map(([fields, id, userAgent]) =>
    JSON.stringify(webhookEvent('user', 'updated', { ...fields, object: 'user', id }, { timestamp: Date.now(), instanceId: 'ins_1', clientIp: '', userAgent })),
  );

describe('webhookSigner', () => {
  it.prop([eventBody], { numRuns: 30 })('signs events that verifyWebhook, svix and standardwebhooks accept', async (body) => {
    const secret = generateWebhookSecret();
    const headers = await webhookSigner(secret).headers(newMessageId(), seconds(), body);
    expect(await verdicts(secret, body, headers)).toEqual([true, true, true]);
    const event = await verifyWebhook(requestOf(body, headers), { signingSecret: secret });
    expect(event).toEqual(JSON.parse(body));
  });

  it.prop([fc.string(), fc.nat(), fc.string({ unit: 'binary' })])(
    'signs the HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the decoded secret, as node:crypto computes it',
    async (id, timestamp, body) => {
      const secret = generateWebhookSecret();
      const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${body}`).digest('base64');
      expect(await webhookSigner(secret).signature(id, timestamp, body)).toBe(`v1,${expected}`);
    },
  );

  it.prop([eventBody, fc.string({ minLength: 1 })], { numRuns: 20 })('is refused for a tampered body', async (body, extra) => {
    const secret = generateWebhookSecret();
    const headers = await webhookSigner(secret).headers(newMessageId(), seconds(), body);
    expect(await verdicts(secret, body + extra, headers)).toEqual([false, false, false]);
  });

  it.prop([eventBody], { numRuns: 20 })('is refused under another secret', async (body) => {
    const headers = await webhookSigner(generateWebhookSecret()).headers(newMessageId(), seconds(), body);
    expect(await verdicts(generateWebhookSecret(), body, headers)).toEqual([false, false, false]);
  });

  it.prop([eventBody, fc.constantFrom(-1, 1), fc.integer({ min: 6 * 60, max: 10 ** 6 })], { numRuns: 20 })(
    'is refused with a timestamp more than five minutes off, either way',
    async (body, direction, offset) => {
      const secret = generateWebhookSecret();
      const headers = await webhookSigner(secret).headers(newMessageId(), seconds() + direction * offset, body);
      expect(await verdicts(secret, body, headers)).toEqual([false, false, false]);
    },
  );

  it.prop([eventBody], { numRuns: 10 })('is what the verifiers check: a signature over another string is refused', async (body) => {
    // The same HMAC over strings close to the right one: the verifiers accept only "{id}.{timestamp}.{body}".
    const secret = generateWebhookSecret();
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const id = newMessageId();
    const timestamp = seconds();
    for (const signed of [`${id}.${timestamp}${body}`, `${id}.${timestamp * 1000}.${body}`, body, `${timestamp}.${id}.${body}`]) {
      const signature = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
      const headers = { ...(await webhookSigner(secret).headers(id, timestamp, body)), 'svix-signature': signature, 'webhook-signature': signature };
      expect(await verdicts(secret, body, headers)).toEqual([false, false, false]);
    }
  });
});

describe('generateWebhookSecret', () => {
  it('makes whsec_ secrets of 24 random bytes, each new', () => {
    const secrets = Array.from({ length: 50 }, generateWebhookSecret);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(webhookSecretKey(secret)).toHaveLength(24);
      expect(Buffer.from(secret.slice('whsec_'.length), 'base64').equals(Buffer.from(webhookSecretKey(secret)))).toBe(true);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it.each(['', 'whsec_', 'sk_test_abc', 'whsec_abc', 'whsec_ab!d', 'whsec_YWJj ', 'WHSEC_YWJj', 'YWJj'])('refuses %j as a secret, with a TypeError', (secret) => {
    expect(() => webhookSecretKey(secret)).toThrow(TypeError);
    expect(() => webhookSigner(secret)).toThrow(TypeError);
  });
});

describe('nodeWebhookSigner', () => {
  it.prop([eventBody, fc.integer({ min: 0, max: 2 ** 40 })], { numRuns: 30 })('signs exactly as webhookSigner does, in headers the verifiers accept', async (body, timestamp) => {
    const secret = generateWebhookSecret();
    const id = newMessageId();
    const headers = await nodeWebhookSigner(secret).headers(id, seconds(), body);
    expect(await nodeWebhookSigner(secret).headers(id, timestamp, body)).toEqual(await webhookSigner(secret).headers(id, timestamp, body));
    expect(await verdicts(secret, body, headers)).toEqual([true, true, true]);
  });

  it('refuses a secret that is none at once, and a timestamp that is not whole seconds, with a TypeError', async () => {
    expect(() => nodeWebhookSigner('whsec_ab!d')).toThrow(TypeError);
    await expect(nodeWebhookSigner(generateWebhookSecret()).signature('msg_1', 1.5, '{}')).rejects.toThrow(TypeError);
  });
});
