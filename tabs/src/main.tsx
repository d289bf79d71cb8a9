import { createRoot } from 'react-dom/client';
import { BootFailure } from './app/boot-failure';
import { Root } from './app/root';
import { startBrowserSession } from './host/browser-session';
import { loadClientConfig } from './host/client-config';
import type { Session } from './host/session';

/** Teams answers `initialize` within a second or two; longer means no Teams host. */
const teamsTimeoutMs = 5000;

/** Teams frames the tab; a top-level page is a browser, so the Teams library is not even loaded. */
const framed = window.parent !== window.self;

async function startSession(): Promise<Session> {
  if (framed) {
    const { connectToTeams } = await import('./host/teams-session');
    const teams = await connectToTeams(teamsTimeoutMs);
    if (teams !== undefined) return teams;
  }
  return startBrowserSession(await loadClientConfig(), window);
}

/**
 * MSAL renews a session it cannot refresh in a hidden frame that comes back to this page with
 * the answer in the URL: that frame hands the answer to the tab and is not a tab itself.
 */
const isSignInAnswer =
  framed && /(^|[#&?])(code|error)=/.test(window.location.hash || window.location.search);

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root');
const root = createRoot(container);
if (isSignInAnswer) {
  void import('@azure/msal-browser/redirect-bridge').then((bridge) =>
    bridge.broadcastResponseToMainFrame(),
  );
} else {
  startSession().then(
    (session) => {
      root.render(<Root session={session} />);
    },
    (error: unknown) => {
      root.render(<BootFailure error={error} />);
    },
  );
}
