/**
 * `@metadata-semantics/server/node`, the server package's entry for Node.js:
 * `serveNodeHttp` serves a web-standard handler, such as the one
 * `createMetadataHandler` (from `@metadata-semantics/server`) returns, with
 * `node:http`.
 *
 * @packageDocumentation
 */
export { serveNodeHttp } from './adapter/node/serveNodeHttp.js';
export type { AnsweredRequest, NodeHttpServer, ServeNodeHttpOptions } from './adapter/node/serveNodeHttpOptions.js';
export { nodeWebhookFetch } from './adapter/node/nodeWebhookFetch.js';
export { nodeWebhookSigner } from './adapter/node/nodeWebhookSigner.js';
