import type { z } from 'zod';

/** An answer of Roster's API that was not a success, with the body's stable `code`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** Options of one API call; `schema` checks (and types) the JSON answer. */
export interface RequestOptions<T> {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  schema?: z.ZodType<T>;
  /** `blob` hands back the raw body (downloads such as the CSV export); JSON otherwise. */
  responseType?: 'json' | 'blob';
}

/** The one way the tab talks to Roster's API: the caller's token attached, errors typed. */
export interface ApiClient {
  request<T>(path: string, options?: RequestOptions<T>): Promise<{ data: T; headers: Headers }>;
}

export interface ApiClientOptions {
  /** A fresh access token for Roster's API (Teams SSO or MSAL); called on every request. */
  getToken: () => Promise<string>;
  /** Where the API is; the page's own origin when unset. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** Reads the API's `{ error: { code, message, details } }` body, whatever else came back. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const fallback = `Roster answered ${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as unknown;
    if (typeof body === 'object' && body !== null && 'error' in body) {
      const { error } = body;
      if (typeof error === 'object' && error !== null) {
        const { code, message, details } = error as Record<string, unknown>;
        return new ApiError(
          response.status,
          typeof code === 'string' ? code : 'unknown_error',
          typeof message === 'string' ? message : fallback,
          details ?? null,
        );
      }
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): the status says enough.
  }
  return new ApiError(response.status, 'unknown_error', fallback);
}

/** Builds the API client; every call asks `getToken` first, so an expired token is renewed. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const urlOf = (path: string) =>
    options.baseUrl === undefined ? path : new URL(path, options.baseUrl).toString();

  const send = async (path: string, init: RequestInit, headers: Record<string, string>) => {
    let token: string;
    try {
      token = await options.getToken();
    } catch (error) {
      throw new ApiError(
        401,
        'sign_in_required',
        error instanceof Error ? error.message : 'Sign in to use Roster.',
      );
    }
    let response: Response;
    try {
      response = await doFetch(urlOf(path), {
        ...init,
        headers: { ...headers, authorization: `Bearer ${token}` },
      });
    } catch {
      throw new ApiError(0, 'network_error', 'Roster could not be reached. Check your connection.');
    }
    if (!response.ok) throw await apiErrorOf(response);
    return response;
  };

  return {
    async request<T>(path: string, opts: RequestOptions<T> = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
      const init: RequestInit = { method: opts.method ?? 'GET' };
      if (opts.body !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(opts.body);
      }
      const response = await send(path, init, headers);
      if (opts.responseType === 'blob') {
        return { data: (await response.blob()) as T, headers: response.headers };
      }
      const text = response.status === 204 ? '' : await response.text();
      const json: unknown = text === '' ? null : JSON.parse(text);
      if (opts.schema === undefined) return { data: json as T, headers: response.headers };
      const parsed = opts.schema.safeParse(json);
      if (!parsed.success) {
        throw new ApiError(
          response.status,
          'unexpected_response',
          `Roster's answer to ${path} was not understood.`,
          parsed.error.issues,
        );
      }
      return { data: parsed.data, headers: response.headers };
    },
  };
}
