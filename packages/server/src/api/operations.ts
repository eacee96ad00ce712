// Every operation this server implements, each declared once (in its resource's module): the handler routes
// by these tables, the `Allow` lists come from them, and docs/server.md's table of operations is generated
// from them (pnpm docs:server).
import { membershipRoutes } from './backend/memberships.js';
import { organizationRoutes } from './backend/organizations.js';
import { signInRoutes as backendSignInRoutes } from './backend/signInTokens.js';
import { userRoutes } from './backend/users.js';
import { clientRoutes } from './frontend/client.js';
import { environmentRoutes } from './frontend/environment.js';
import { meRoutes } from './frontend/me.js';
import { sessionRoutes } from './frontend/sessions.js';
import { signInRoutes } from './frontend/signIns.js';
import type { Route, RouteMethod } from './route.js';

/** The Backend API's operations (secret key). */
export const backendRoutes: readonly Route[] = [...userRoutes, ...organizationRoutes, ...membershipRoutes, ...backendSignInRoutes];

/** The signed-in user's operations: under the Frontend API's prefix, and at `/v1/me*` for the `authenticate` hook. */
export const frontendRoutes: readonly Route[] = meRoutes;

/** The Frontend API's operations, served under its prefix (`/__clerk`): the environment, the client, sign-in, sessions, the user. */
export const frontendApiRoutes: readonly Route[] = [...environmentRoutes, ...clientRoutes, ...signInRoutes, ...sessionRoutes, ...meRoutes];

/** Every operation, backend first. */
export const operations: readonly Route[] = [...backendRoutes, ...frontendApiRoutes];

/** The methods some operation has, in alphabetical order: the `Allow` of a request that names no path (CONNECT). */
export const servedMethods: readonly RouteMethod[] = [...new Set(operations.map((operation) => operation.method))].sort();
