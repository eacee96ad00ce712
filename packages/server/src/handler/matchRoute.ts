import type { Route } from '../api/route.js';

/** The routes of one path pattern, with the pattern's segments. */
interface PathRoutes {
  readonly segments: readonly string[];
  readonly literals: number;
  readonly routes: Route[];
}

/** What a path matched: the routes of its most specific pattern and the pattern's parameters. */
export interface RouteMatch {
  readonly routes: readonly Route[];
  readonly params: Readonly<Record<string, string>>;
}

/**
 * A matcher over a route table: a path's segments → the routes of the matching pattern with the most
 * literal segments (so `/v1/users/count` wins over `/v1/users/:user_id`), or `undefined`.
 */
export function routeMatcher(table: readonly Route[]): (segments: readonly string[]) => RouteMatch | undefined {
  const patterns = new Map<string, PathRoutes>();
  for (const route of table) {
    const segments = route.path.split('/').slice(1);
    const known = patterns.get(route.path);
    if (known === undefined) {
      patterns.set(route.path, { segments, literals: segments.filter((segment) => !segment.startsWith(':')).length, routes: [route] });
    } else known.routes.push(route);
  }
  const byLength = new Map<number, PathRoutes[]>();
  for (const pattern of [...patterns.values()].sort((a, b) => b.literals - a.literals)) {
    byLength.set(pattern.segments.length, [...(byLength.get(pattern.segments.length) ?? []), pattern]);
  }
  return (segments) => {
    for (const pattern of byLength.get(segments.length) ?? []) {
      const params: Record<string, string> = {};
      const matches = pattern.segments.every((expected, index) => {
        if (expected.startsWith(':')) params[expected.slice(1)] = segments[index]!;
        return expected.startsWith(':') || expected === segments[index];
      });
      if (matches) return { routes: pattern.routes, params };
    }
    return undefined;
  };
}
