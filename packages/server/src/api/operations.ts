// Every operation this server implements, each declared once (in its resource's module): the handler routes
// by these tables, the `Allow` lists come from them, and docs/server.md's table of operations is generated
// from them (pnpm docs:server).
import { membershipRoutes } from './backend/memberships.js';
import { organizationRoutes } from './backend/organizations.js';
import { userRoutes } from './backend/users.js';
import { frontendRoutes } from './frontend/me.js';
import type { Route, RouteMethod } from './route.js';

/** The Backend API's operations (secret key). */
export const backendRoutes: readonly Route[] = [...userRoutes, ...organizationRoutes, ...membershipRoutes];

/** The Frontend API's operations (a signed-in user). */
export { frontendRoutes };

/** Every operation, backend first. */
export const operations: readonly Route[] = [...backendRoutes, ...frontendRoutes];

/** The methods some operation has, in alphabetical order: the `Allow` of a request that names no path (CONNECT). */
export const servedMethods: readonly RouteMethod[] = [...new Set(operations.map((operation) => operation.method))].sort();
