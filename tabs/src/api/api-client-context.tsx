import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from './client';

const ApiClientContext = createContext<ApiClient | undefined>(undefined);

/** Makes one API client available to every page and query hook below it. */
export function ApiClientProvider(props: { client: ApiClient; children: ReactNode }) {
  return (
    <ApiClientContext.Provider value={props.client}>{props.children}</ApiClientContext.Provider>
  );
}

/** The API client of the nearest `ApiClientProvider`. */
export function useApiClient(): ApiClient {
  const client = useContext(ApiClientContext);
  if (client === undefined) throw new Error('useApiClient needs an ApiClientProvider above it');
  return client;
}
