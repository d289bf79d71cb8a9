import { FluentProvider, makeStyles, tokens } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { ApiClientProvider } from '../api/api-client-context';
import { ApiError, createApiClient } from '../api/client';
import type { Session } from '../host/session';
import { fluentTheme } from '../host/theme';
import { App } from './app';

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground3 },
});

/** Client errors will not get better by asking again; everything else gets two more tries. */
const retry = (failures: number, error: unknown) =>
  !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2;

/** The tab with its host: theme, API client with the session's tokens, queries and routes. */
export function Root(props: { session: Session }) {
  const { session } = props;
  const styles = useStyles();
  const [theme, setTheme] = useState(session.theme);
  useEffect(() => session.onThemeChange(setTheme), [session]);
  const client = useMemo(() => createApiClient({ getToken: () => session.getToken() }), [session]);
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry }, mutations: { retry: false } } }),
  );
  return (
    // The provider's class also goes to every portal (tooltips, drawers): the page's own
    // layout lives on the div inside it.
    <FluentProvider theme={fluentTheme(theme)} data-theme={theme}>
      <div className={styles.root}>
        <QueryClientProvider client={queryClient}>
          <ApiClientProvider client={client}>
            <BrowserRouter>
              <App session={session} />
            </BrowserRouter>
          </ApiClientProvider>
        </QueryClientProvider>
      </div>
    </FluentProvider>
  );
}
