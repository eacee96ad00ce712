// Node: the handler on node:http through serveNodeHttp. Prints `listening on <url>` once it accepts requests.
import { serveNodeHttp } from '@metadata-semantics/server/node';
import { conformanceHandler, settingsFromVariables } from '../conformanceHandler.js';

const handler = conformanceHandler(settingsFromVariables((name) => process.env[name]));
const server = await serveNodeHttp(handler, { host: '127.0.0.1', port: 0 });
console.log(`listening on ${server.url}`);
