/* global window, document, location */
/**
 * Completes Roster's admin-consent popup. Served at /auth/consent/complete.js and loaded by
 * the page /auth/consent/callback renders, which holds the outcome in
 * `<main data-outcome="linked|cancelled|failed" data-code="…">` and the message as text.
 *
 * The tab opened the consent URL one of three ways, and this page answers each:
 *  - in Teams, with `authentication.authenticate({ url })`: the Teams JavaScript library
 *    initializes here, and `notifySuccess` / `notifyFailure` carry the result to the tab;
 *  - outside Teams, with `window.open`: the opener (the tab, same origin) gets
 *    `postMessage({ type: 'roster-consent', … }, location.origin)` and this window closes;
 *  - the admin opened the link in a browser tab: the page stays as rendered, with its link
 *    back to Roster.
 *
 * The result is the same object everywhere: `{ type, outcome, code, message }`. Teams hands
 * it to the tab as JSON: the resolved string of `authenticate`, or its error's message.
 * Hand-written and served as is (no build): the CSP allows scripts from Roster only.
 */

/** How long the Teams host may take to answer `app.initialize` before it is assumed absent. */
const teamsTimeoutMs = 2500;

function readOutcome() {
  const main = document.querySelector('main[data-outcome]');
  if (main === null) return undefined;
  return {
    type: 'roster-consent',
    outcome: main.getAttribute('data-outcome'),
    code: main.getAttribute('data-code') ?? undefined,
    message: main.querySelector('p')?.textContent ?? '',
  };
}

/** Adds a classic script (the Teams library is a UMD bundle) and waits for it to run. */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = window.setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => window.clearTimeout(timer));
}

/** The Teams library, initialized, when a Teams host answers; otherwise undefined. */
async function teamsHost() {
  try {
    await loadScript('/auth/consent/teams-js.js');
    const teams = window.microsoftTeams;
    if (teams === undefined) return undefined;
    await withTimeout(teams.app.initialize(), teamsTimeoutMs);
    return teams;
  } catch {
    return undefined;
  }
}

/** The window that opened this one, when it is Roster itself (reading its origin throws otherwise). */
function rosterOpener() {
  try {
    const opener = window.opener;
    return opener !== null && opener.location.origin === location.origin ? opener : undefined;
  } catch {
    return undefined;
  }
}

async function complete() {
  const result = readOutcome();
  if (result === undefined) return;

  const teams = await teamsHost();
  if (teams !== undefined) {
    if (result.outcome === 'linked') teams.authentication.notifySuccess(JSON.stringify(result));
    else teams.authentication.notifyFailure(JSON.stringify(result));
    return;
  }

  const opener = rosterOpener();
  if (opener !== undefined) {
    opener.postMessage(result, location.origin);
    window.close();
  }
  // Otherwise this is a tab of its own: the rendered message and its link back stay.
}

void complete();
