import { resourceDescriptors } from '../resources/resourceDescriptors.js';
import type { ResourceDescriptor } from '../resources/resourceDescriptor.js';

/** What the address's fragment asks for: a list with its query, or one resource's page. */
export type ConsoleRoute =
  | { readonly view: 'list'; readonly descriptor: ResourceDescriptor; readonly query: URLSearchParams }
  | { readonly view: 'page'; readonly descriptor: ResourceDescriptor; readonly ids: readonly string[] };

/**
 * Reads a fragment such as `#/users?query=ada`, `#/users/user_1` or `#/memberships/org_1/user_1`. The
 * fragment alone routes, so the server serves one page whatever the view. Anything else is the user list.
 */
export function parseConsoleRoute(hash: string): ConsoleRoute {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [route, ...encodedIds] = path.split('/').filter((part) => part !== '');
  const descriptor = resourceDescriptors.find((candidate) => candidate.route === route) ?? resourceDescriptors[0]!;
  const ids = decodeAll(encodedIds);
  if (descriptor.route === route && ids?.length === descriptor.idNames.length) {
    return { view: 'page', descriptor, ids };
  }
  return { view: 'list', descriptor, query: new URLSearchParams(search) };
}

function decodeAll(parts: readonly string[]): string[] | undefined {
  try {
    return parts.map((part) => decodeURIComponent(part));
  } catch {
    return undefined;
  }
}

/** The fragment of a list with `query`. */
export const listHref = (descriptor: ResourceDescriptor, query: URLSearchParams): string => {
  const search = query.toString();
  return `#/${descriptor.route}${search === '' ? '' : `?${search}`}`;
};

/** The fragment of a resource's page. */
export const pageHref = (descriptor: ResourceDescriptor, ids: readonly string[]): string =>
  `#/${descriptor.route}/${ids.map((id) => encodeURIComponent(id)).join('/')}`;
