import { app, authentication } from '@microsoft/teams-js';
import { z } from 'zod';

/**
 * How admin consent ended, as the consent callback page (`api/public/consent-complete.js`)
 * reports it: through Teams' `notifySuccess`/`notifyFailure` as JSON, or by `postMessage`.
 */
export interface ConsentResult {
  readonly outcome: 'linked' | 'cancelled' | 'failed';
  readonly code?: string;
  readonly message: string;
}

const consentMessageSchema = z.object({
  type: z.literal('roster-consent'),
  outcome: z.enum(['linked', 'cancelled', 'failed']),
  code: z.string().nullish(),
  message: z.string(),
});

/** The callback page's message, or undefined when `value` is something else. */
export function parseConsentMessage(value: unknown): ConsentResult | undefined {
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const parsed = consentMessageSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const { outcome, code, message } = parsed.data;
  return code === null || code === undefined ? { outcome, message } : { outcome, code, message };
}

/** A consent window being prepared: `complete` sends it to the consent URL and waits. */
export interface ConsentWindow {
  complete(consentUrl: string): Promise<ConsentResult>;
  /** Gives up before `complete` (the consent URL could not be had). */
  abandon(): void;
}

/** What the browser popup needs of `window`; tests hand in a fake. */
export type ConsentHost = Pick<
  Window,
  'open' | 'addEventListener' | 'removeEventListener' | 'setInterval' | 'clearInterval'
> & { location: { origin: string } };

const size = { width: 600, height: 640 };

const closedEarly: ConsentResult = {
  outcome: 'cancelled',
  code: 'window_closed',
  message: 'The consent window was closed before Roster was linked. Start again when ready.',
};

/** In Teams: the host's authentication window, which the callback page answers through. */
function teamsConsent(): ConsentWindow {
  return {
    async complete(url) {
      try {
        const answer = await authentication.authenticate({ url, ...size });
        return parseConsentMessage(answer) ?? { outcome: 'linked', message: 'Roster is linked.' };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const result = parseConsentMessage(reason);
        if (result !== undefined) return result;
        return reason === 'CancelledByUser'
          ? closedEarly
          : { outcome: 'failed', code: 'teams_authentication', message: reason };
      }
    },
    abandon() {
      // Nothing was opened yet.
    },
  };
}

/**
 * Outside Teams: a popup opened at once, while the click still counts as the admin's (popup
 * blockers allow that), and pointed at the consent URL once the API has handed it out.
 */
export function popupConsent(host: ConsentHost): ConsentWindow {
  const features = `popup,width=${size.width},height=${size.height}`;
  const popup = host.open('about:blank', 'roster-consent', features);
  return {
    complete(url) {
      if (popup === null) {
        return Promise.resolve({
          outcome: 'failed',
          code: 'popup_blocked',
          message:
            'The browser blocked the consent window. Allow pop-ups for Roster, then try again.',
        });
      }
      return new Promise<ConsentResult>((resolve) => {
        let done = false;
        const finish = (result: ConsentResult) => {
          if (done) return;
          done = true;
          host.clearInterval(poll);
          host.removeEventListener('message', onMessage);
          resolve(result);
        };
        const onMessage = (event: MessageEvent) => {
          if (event.origin !== host.location.origin || event.source !== popup) return;
          const result = parseConsentMessage(event.data);
          if (result !== undefined) finish(result);
        };
        let closedChecks = 0;
        // The callback page posts its message and then closes: a closed window counts as
        // cancelled only once a message had time to arrive.
        const poll = host.setInterval(() => {
          if (popup.closed) closedChecks += 1;
          if (closedChecks >= 2) finish(closedEarly);
        }, 400);
        host.addEventListener('message', onMessage);
        popup.location.href = url;
      });
    },
    abandon() {
      popup?.close();
    },
  };
}

/** Starts Link Entra ID Account; call it in the click handler itself. */
export function startConsent(): ConsentWindow {
  return app.isInitialized() ? teamsConsent() : popupConsent(window);
}
