import { join, resolve, sep } from 'node:path';
import express, { Router, type Request, type Response } from 'express';

/** Vite names everything under `assets/` by content hash: a changed file is a new URL. */
const immutable = 'public, max-age=31536000, immutable';

/** Shown at `/` while `tabs/dist` does not exist, e.g. on a fresh clone running only the API. */
const notBuiltPage =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Roster</title></head>' +
  '<body><main><h1>The Roster tab is not built</h1>' +
  '<p>Roster&#39;s API is running. To serve the tab from here too, build it into ' +
  '<code>tabs/dist</code> (from the repository root: <code>npm run build -w tabs</code>), ' +
  'or point <code>ROSTER_TAB_DIR</code> at a built tab, and reload this page.</p>' +
  '<p>Health: <a href="/healthz">/healthz</a>, readiness: <a href="/readyz">/readyz</a>.</p>' +
  '</main></body></html>';

/** Paths the tab never owns: the API and sign-in answer there, with their own 404s. */
const notTab = /^\/(api|auth)(\/|$)/;

/**
 * Serves the built tab (`index.html` and Vite's `assets/`) from `tabDir`, with the SPA
 * fallback: a browser navigation to any other path gets `index.html`, and the tab's router
 * takes it from there. The directory is looked at per request, so building the tab while
 * Roster runs needs no restart.
 */
export function serveTab(tabDir: string | undefined): Router {
  const router = Router();
  const root = tabDir === undefined ? undefined : resolve(tabDir);
  if (root !== undefined) {
    const assets = join(root, 'assets') + sep;
    router.use(
      express.static(root, {
        index: false,
        setHeaders: (res, file) => {
          res.set('cache-control', file.startsWith(assets) ? immutable : 'no-cache');
        },
      }),
    );
  }

  const sendIndex = (res: Response, next: (error?: unknown) => void) => {
    res.set('cache-control', 'no-cache');
    if (root === undefined) {
      res.type('html').send(notBuiltPage);
      return;
    }
    res.sendFile(join(root, 'index.html'), (error: unknown) => {
      if (error === undefined || error === null) return;
      const missing = (error as { code?: unknown }).code === 'ENOENT';
      if (missing && !res.headersSent) res.type('html').send(notBuiltPage);
      else next(error);
    });
  };

  /** A browser navigation: it asks for HTML before anything else, unlike `fetch` or `curl`. */
  const isNavigation = (req: Request) =>
    (req.method === 'GET' || req.method === 'HEAD') &&
    !notTab.test(req.path) &&
    (req.path === '/' || req.accepts(['json', 'html']) === 'html');

  router.use((req, res, next) => {
    if (isNavigation(req)) sendIndex(res, next);
    else next();
  });
  return router;
}
