import { readFile } from 'node:fs/promises';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';

/**
 * Runs api/public/consent-complete.js against a stand-in of the three windows it can find
 * itself in (no browser here): a Teams authentication window, a popup Roster's tab opened,
 * and a tab of its own.
 */
const source = await readFile(new URL('../public/consent-complete.js', import.meta.url), 'utf8');

interface Setting {
  readonly outcome: string;
  readonly code?: string;
  /** What loading the Teams library does: a host that answers, none, or a failed load. */
  readonly teams: 'answers' | 'silent' | 'unavailable';
  readonly opener: 'roster' | 'other-site' | 'none';
}

async function run(setting: Setting) {
  const origin = 'https://roster.example';
  const notifySuccess = vi.fn();
  const notifyFailure = vi.fn();
  const postMessage = vi.fn();
  const close = vi.fn();
  const attributes: Record<string, string> = { 'data-outcome': setting.outcome };
  if (setting.code !== undefined) attributes['data-code'] = setting.code;
  const main = {
    getAttribute: (name: string) => attributes[name] ?? null,
    querySelector: () => ({ textContent: 'The message.' }),
  };
  const opener =
    setting.opener === 'none'
      ? null
      : {
          postMessage,
          get location() {
            if (setting.opener === 'other-site') throw new Error('SecurityError');
            return { origin };
          },
        };
  const window: Record<string, unknown> = {
    opener,
    close,
    // Time runs fast: a silent host times out after 5 ms instead of seconds.
    setTimeout: (fn: () => void) => setTimeout(fn, 5),
    clearTimeout: (timer: NodeJS.Timeout) => clearTimeout(timer),
  };
  const document = {
    querySelector: () => main,
    createElement: () => ({}) as Record<string, () => void>,
    head: {
      append(script: { src: string; onload: () => void; onerror: () => void }) {
        expect(script.src).toBe('/auth/consent/teams-js.js');
        if (setting.teams === 'unavailable') {
          script.onerror();
          return;
        }
        window['microsoftTeams'] = {
          app: {
            initialize: () =>
              setting.teams === 'answers' ? Promise.resolve() : new Promise(() => undefined),
          },
          authentication: { notifySuccess, notifyFailure },
        };
        script.onload();
      },
    },
  };
  runInNewContext(source, { window, document, location: { origin }, console });
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { notifySuccess, notifyFailure, postMessage, close, origin };
}

describe('consent-complete.js', () => {
  it('hands the outcome to Teams when a Teams host answers', async () => {
    const linked = await run({ outcome: 'linked', teams: 'answers', opener: 'other-site' });
    expect(linked.notifySuccess).toHaveBeenCalledOnce();
    expect(JSON.parse(linked.notifySuccess.mock.calls[0]![0] as string)).toEqual({
      type: 'roster-consent',
      outcome: 'linked',
      message: 'The message.',
    });
    expect(linked.postMessage).not.toHaveBeenCalled();

    const cancelled = await run({
      outcome: 'cancelled',
      code: 'consent_declined',
      teams: 'answers',
      opener: 'none',
    });
    expect(cancelled.notifySuccess).not.toHaveBeenCalled();
    expect(JSON.parse(cancelled.notifyFailure.mock.calls[0]![0] as string)).toMatchObject({
      outcome: 'cancelled',
      code: 'consent_declined',
    });
  });

  it('posts the outcome to the Roster tab that opened it, and closes', async () => {
    for (const teams of ['silent', 'unavailable'] as const) {
      const popup = await run({
        outcome: 'failed',
        code: 'tenant_mismatch',
        teams,
        opener: 'roster',
      });
      expect(popup.postMessage).toHaveBeenCalledWith(
        {
          type: 'roster-consent',
          outcome: 'failed',
          code: 'tenant_mismatch',
          message: 'The message.',
        },
        popup.origin,
      );
      expect(popup.close).toHaveBeenCalledOnce();
    }
  });

  it('leaves the page alone in a tab of its own or when another site opened it', async () => {
    for (const opener of ['none', 'other-site'] as const) {
      const page = await run({ outcome: 'linked', teams: 'silent', opener });
      expect(page.postMessage).not.toHaveBeenCalled();
      expect(page.close).not.toHaveBeenCalled();
      expect(page.notifySuccess).not.toHaveBeenCalled();
    }
  });
});
