import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Router, type Response } from 'express';

/**
 * How admin consent ended, as the page that completes the consent popup tells the tab:
 * `linked`, `cancelled` (the admin declined), or `failed` with a stable `code`.
 */
export interface ConsentOutcome {
  readonly outcome: 'linked' | 'cancelled' | 'failed';
  readonly code?: string;
}

/** Where the page's scripts are served; the CSP allows only scripts from Roster's own origin. */
export const consentScriptPaths = {
  complete: '/auth/consent/complete.js',
  teamsJs: '/auth/consent/teams-js.js',
} as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Renders the page the consent popup (or browser tab) lands on. The message is rendered
 * here, escaped, so it reads the same without script; the outcome rides in data attributes
 * for `complete.js`, which hands it to the tab (see `api/public/consent-complete.js`).
 */
export function sendConsentPage(
  res: Response,
  status: number,
  outcome: ConsentOutcome,
  title: string,
  message: string,
): void {
  const code = outcome.code === undefined ? '' : ` data-code="${escapeHtml(outcome.code)}"`;
  res
    .status(status)
    .type('html')
    .set('cache-control', 'no-store')
    // The popup arrives here from Entra ID's origin; any other policy would cut it off from
    // the tab that opened it, to which it posts the outcome.
    .set('cross-origin-opener-policy', 'unsafe-none')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Roster – ${escapeHtml(title)}</title>` +
        `<script type="module" src="${consentScriptPaths.complete}"></script></head>` +
        `<body><main data-outcome="${outcome.outcome}"${code}>` +
        `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
        `<p><a href="/">Back to Roster</a></p></main></body></html>`,
    );
}

/**
 * Serves the consent page's two scripts: Roster's hand-written `complete.js`, and the
 * Microsoft Teams JavaScript library's browser bundle from the installed package (the
 * bundle is a file served as is; nothing here calls it). Both are located once, at start.
 */
export function consentPageScripts(): Router {
  const completeJs = fileURLToPath(new URL('../../public/consent-complete.js', import.meta.url));
  const teamsJs = createRequire(import.meta.url).resolve(
    '@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js',
  );
  const router = Router();
  const serve = (path: string, file: string) => {
    router.get(path, (_req, res, next) => {
      // Not content-hashed URLs: revalidate each time (send answers 304 while unchanged).
      res.set('cache-control', 'no-cache').type('text/javascript');
      res.sendFile(file, (error: unknown) => {
        if (error !== undefined && error !== null) next(error);
      });
    });
  };
  serve(consentScriptPaths.complete, completeJs);
  serve(consentScriptPaths.teamsJs, teamsJs);
  return router;
}
