/** `new URL(url).pathname`, without a parse for the usual serialised http(s) URL (its authority has no `/`). */
export function pathnameOf(url: string): string {
  const authorityStart = url.startsWith('http://') ? 7 : url.startsWith('https://') ? 8 : -1;
  const pathStart = authorityStart === -1 ? -1 : url.indexOf('/', authorityStart);
  if (pathStart === -1) return new URL(url).pathname;
  const query = url.indexOf('?', pathStart);
  const fragment = url.indexOf('#', pathStart);
  const end = query === -1 ? (fragment === -1 ? url.length : fragment) : fragment === -1 ? query : Math.min(query, fragment);
  return url.slice(pathStart, end);
}
