/**
 * The method a Frontend API request asks for: clerk-js sends PATCH, PUT and DELETE as POST with `_method` in
 * the query. Only a POST is overridden, and only to one of those three.
 */
export function overriddenMethod(method: string, query: URLSearchParams): string {
  if (method !== 'POST') return method;
  const override = query.get('_method')?.toUpperCase();
  return override === 'PATCH' || override === 'PUT' || override === 'DELETE' ? override : method;
}
