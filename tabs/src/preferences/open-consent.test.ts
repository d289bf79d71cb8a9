import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConsentMessage, popupConsent, type ConsentHost } from './open-consent';

const origin = 'https://roster.test';

/** A window that opens a scripted popup and delivers messages to its listeners. */
function fakeHost(opens: 'popup' | 'blocked' = 'popup') {
  const listeners = new Set<(event: MessageEvent) => void>();
  const popup = {
    closed: false,
    location: { href: '' },
    close: vi.fn(() => {
      popup.closed = true;
    }),
  };
  const host = {
    open: vi.fn(() => (opens === 'popup' ? popup : null)),
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => {
      listeners.add(listener);
    },
    removeEventListener: (_type: string, listener: (event: MessageEvent) => void) => {
      listeners.delete(listener);
    },
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (id: number) => {
      clearInterval(id);
    },
    location: { origin },
  };
  return { host: host as unknown as ConsentHost, popup, listeners, open: host.open };
}

// MessageEvent's `source` must be a real window in jsdom; the check compares it with the popup.
function withSource(event: MessageEvent, source: unknown): MessageEvent {
  Object.defineProperty(event, 'source', { value: source });
  return event;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('popupConsent', () => {
  it('opens the window at once, sends it to the consent URL, and resolves with its message', async () => {
    const fake = fakeHost();
    const consent = popupConsent(fake.host);
    expect(fake.open).toHaveBeenCalledWith(
      'about:blank',
      'roster-consent',
      expect.stringContaining('popup'),
    );

    const done = consent.complete('https://login.test/adminconsent');
    expect(fake.popup.location.href).toBe('https://login.test/adminconsent');
    const message = {
      type: 'roster-consent',
      outcome: 'linked',
      message: 'Roster is linked to Contoso.',
    };
    for (const listener of fake.listeners) {
      listener(
        withSource(
          new MessageEvent('message', { data: message, origin: 'https://evil.test' }),
          fake.popup,
        ),
      );
      listener(
        withSource(new MessageEvent('message', { data: { type: 'other' }, origin }), fake.popup),
      );
      listener(withSource(new MessageEvent('message', { data: message, origin }), fake.popup));
    }
    await expect(done).resolves.toEqual({
      outcome: 'linked',
      message: 'Roster is linked to Contoso.',
    });
    expect(fake.listeners.size).toBe(0);
  });

  it('ignores messages from other windows of the same origin', async () => {
    vi.useFakeTimers();
    const fake = fakeHost();
    const done = popupConsent(fake.host).complete('https://login.test/adminconsent');
    const message = { type: 'roster-consent', outcome: 'linked', message: 'x' };
    for (const listener of fake.listeners) {
      listener(withSource(new MessageEvent('message', { data: message, origin }), {}));
    }
    fake.popup.closed = true;
    await vi.advanceTimersByTimeAsync(1000);
    await expect(done).resolves.toMatchObject({ outcome: 'cancelled', code: 'window_closed' });
  });

  it('counts a window closed without an answer as cancelled', async () => {
    vi.useFakeTimers();
    const fake = fakeHost();
    const done = popupConsent(fake.host).complete('https://login.test/adminconsent');
    await vi.advanceTimersByTimeAsync(2000);
    fake.popup.closed = true;
    await vi.advanceTimersByTimeAsync(1000);
    await expect(done).resolves.toMatchObject({ outcome: 'cancelled' });
    expect(fake.listeners.size).toBe(0);
  });

  it('says what to do when the browser blocks the window', async () => {
    const fake = fakeHost('blocked');
    await expect(popupConsent(fake.host).complete('https://login.test/x')).resolves.toMatchObject({
      outcome: 'failed',
      code: 'popup_blocked',
      message: expect.stringContaining('Allow pop-ups') as unknown,
    });
  });

  it('closes the prepared window when abandoned', () => {
    const fake = fakeHost();
    popupConsent(fake.host).abandon();
    expect(fake.popup.close).toHaveBeenCalledTimes(1);
  });
});

describe('parseConsentMessage', () => {
  it('reads the callback page result as an object or as Teams hands it over, in JSON', () => {
    const result = {
      type: 'roster-consent',
      outcome: 'failed',
      code: 'tenant_mismatch',
      message: 'No.',
    };
    expect(parseConsentMessage(result)).toEqual({
      outcome: 'failed',
      code: 'tenant_mismatch',
      message: 'No.',
    });
    expect(parseConsentMessage(JSON.stringify(result))).toEqual({
      outcome: 'failed',
      code: 'tenant_mismatch',
      message: 'No.',
    });
  });

  it('refuses anything else', () => {
    expect(parseConsentMessage('CancelledByUser')).toBeUndefined();
    expect(
      parseConsentMessage({ type: 'roster-consent', outcome: 'maybe', message: '' }),
    ).toBeUndefined();
    expect(parseConsentMessage(null)).toBeUndefined();
  });
});
