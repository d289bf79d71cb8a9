import type { GraphRequest } from '../graph-response.js';

/** `$top` as Graph reads it for directory collections: 1 to `max`, `fallback` when absent. */
export function readTop(
  request: GraphRequest,
  fallback: number,
  max: number,
): { ok: true; top: number } | { ok: false; message: string } {
  const raw = request.query.get('$top');
  if (raw === null) return { ok: true, top: fallback };
  const top = Number(raw);
  if (!/^\d+$/.test(raw) || top < 1 || top > max) {
    return {
      ok: false,
      message: `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`,
    };
  }
  return { ok: true, top };
}

/** The request's own URL with `$skiptoken` replaced, as Graph builds `@odata.nextLink`. */
export function nextLinkFor(origin: string, request: GraphRequest, skipToken: string): string {
  const query = new URLSearchParams(request.query);
  query.delete('$skiptoken');
  query.set('$skiptoken', skipToken);
  return `${origin}/v1.0${request.path}?${formatQuery(query)}`;
}

/** Query strings keep `$` and `,` readable, as Graph's own links do. */
export function formatQuery(query: URLSearchParams): string {
  return query.toString().replaceAll('%24', '$').replaceAll('%2C', ',');
}
