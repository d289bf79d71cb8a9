import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { ApiClientProvider } from '../api/api-client-context';
import { ApiError, type ApiClient, type RequestOptions } from '../api/client';

/** One recorded call of the fake client. */
export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * What the fake API answers: keyed by `"METHOD /path"` (the path without its query), a value
 * or a function of the call (`FakeCall` and its `query`). A thrown `ApiError` is the failure.
 */
export type FakeRoutes = Record<string, unknown>;

/** A fake `ApiClient` over `routes`, recording its calls; unknown routes answer 404. */
export function fakeApiClient(routes: FakeRoutes): ApiClient & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  return {
    calls,
    async request<T>(path: string, options: RequestOptions<T> = {}) {
      const method = options.method ?? 'GET';
      const url = new URL(path, 'http://roster.test');
      const call = { method, path, body: options.body, headers: options.headers ?? {} };
      calls.push(call);
      const key = `${method} ${url.pathname}`;
      if (!(key in routes)) {
        throw new ApiError(404, 'not_found', `No fake answer for ${key}`);
      }
      const route = routes[key];
      const answer: unknown =
        typeof route === 'function'
          ? await (route as (c: FakeCall & { query: URLSearchParams }) => unknown)({
              ...call,
              query: url.searchParams,
            })
          : route;
      const data = options.schema === undefined ? (answer as T) : options.schema.parse(answer);
      return { data, headers: new Headers() };
    },
  };
}

export interface RenderOptions {
  client?: ApiClient;
  /** The route the memory router starts at. */
  route?: string;
}

/** Renders `ui` the way the tab runs it: Fluent, TanStack Query (no retries) and `client`. */
export function renderWithProviders(
  ui: ReactElement,
  options: RenderOptions = {},
): RenderResult & { queryClient: QueryClient } {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  const client = options.client ?? fakeApiClient({});
  const result = render(
    <FluentProvider theme={teamsLightTheme}>
      <QueryClientProvider client={queryClient}>
        <ApiClientProvider client={client}>
          <MemoryRouter initialEntries={[options.route ?? '/']}>{ui}</MemoryRouter>
        </ApiClientProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
  return { ...result, queryClient };
}
