/** A Graph request as the handlers see it, whether it came over HTTP or inside `$batch`. */
export interface GraphRequest {
  method: string;
  /** Path after `/v1.0`, e.g. `/users/delta`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: unknown;
}

/** What a handler answers; the HTTP layer or `$batch` serialises it. */
export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON body, or a string for `text/plain` answers such as `/users/$count`. */
  body?: unknown;
}

/** Graph's `error.innerError`: when and which request, so a caller can quote it. */
export interface RequestInfo {
  requestId: string;
  clientRequestId: string | undefined;
  date: Date;
}

/** A Graph error body: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`. */
export function graphError(
  info: RequestInfo,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): GraphResponse {
  const innerError: Record<string, string> = {
    date: info.date.toISOString().replace(/\.\d{3}Z$/, ''),
    'request-id': info.requestId,
    'client-request-id': info.clientRequestId ?? info.requestId,
  };
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: { error: { code, message, innerError } },
  };
}

/** A JSON 200 (or other status) answer. */
export function graphJson(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): GraphResponse {
  return {
    status,
    headers: {
      'content-type':
        'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
      ...headers,
    },
    body,
  };
}
