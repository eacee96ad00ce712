// workerd (Cloudflare Workers): the handler as a module worker's fetch. The settings arrive as
// bindings with the first request; the handler (and its memory store) is made once and kept.
import { conformanceHandler, settingsFromVariables } from '../conformanceHandler.js';

let handler: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Record<string, string | undefined>): Promise<Response> {
    handler ??= conformanceHandler(settingsFromVariables((name) => env[name]));
    return handler(request);
  },
};
