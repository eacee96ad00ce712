import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@clerk/backend/webhooks';
import type { WebhookEvent } from '@clerk/backend/webhooks';

/** What the endpoint does with a request it verified: answer with a status, or drop the connection unanswered. */
export type EndpointAnswer = number | 'drop' | 'hang';

/** One request the endpoint got, verified by Clerk's `verifyWebhook` or refused by it. */
export interface Received {
  readonly svixId: string;
  readonly svixTimestamp: number;
  /** The `svix-id`, `svix-timestamp` and `svix-signature` headers as sent, for a second verifier. */
  readonly svixHeaders: Readonly<Record<'svix-id' | 'svix-timestamp' | 'svix-signature', string>>;
  readonly body: string;
  /** The event `verifyWebhook` returned; `undefined` when it refused the request. */
  readonly event: WebhookEvent | undefined;
  /** What the endpoint answered (or did) after verifying. */
  readonly answer: EndpointAnswer;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An app's webhook route on 127.0.0.1, as Clerk's guide writes it: `verifyWebhook` on the request, 400 when it
 * throws; otherwise `answer` decides (200 by default). Every request is kept in `received`, in arrival order.
 */
export async function verifyingEndpoint(secret: string, answer: (event: WebhookEvent, received: readonly Received[]) => EndpointAnswer = () => 200) {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
      let event: WebhookEvent | undefined;
      try {
        event = await verifyWebhook(new Request(`http://127.0.0.1${request.url}`, { method: 'POST', headers, body }), { signingSecret: secret });
      } catch {
        event = undefined;
      }
      const decided: EndpointAnswer = event === undefined ? 400 : answer(event, received);
      const svixHeaders = {
        'svix-id': headers.get('svix-id') ?? '',
        'svix-timestamp': headers.get('svix-timestamp') ?? '',
        'svix-signature': headers.get('svix-signature') ?? '',
      };
      received.push({ svixId: svixHeaders['svix-id'], svixTimestamp: Number(svixHeaders['svix-timestamp']), svixHeaders, body, event, answer: decided });
      if (decided === 'drop') request.socket.destroy();
      else if (decided === 'hang') hanging.add(response);
      else response.writeHead(decided, { 'content-type': 'text/plain' }).end(event === undefined ? 'Webhook verification failed' : 'ok');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks`,
    received,
    /** Answers every hanging request with 200. */
    release() {
      for (const response of hanging) response.writeHead(200).end('ok');
      hanging.clear();
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
