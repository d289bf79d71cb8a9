import { beforeEach, describe, expect, it, vi } from 'vitest';
import { startConsent } from './open-consent';

// Inside Teams the host opens the consent window; the library is scripted here.
const teams = vi.hoisted(() => ({
  isInitialized: vi.fn<() => boolean>(),
  authenticate:
    vi.fn<(params: { url: string; width: number; height: number }) => Promise<string>>(),
}));
vi.mock('@microsoft/teams-js', () => ({
  app: { isInitialized: teams.isInitialized },
  authentication: { authenticate: teams.authenticate },
}));

const url = 'https://login.test/tenant/v2.0/adminconsent?state=s';

beforeEach(() => {
  teams.isInitialized.mockReset().mockReturnValue(true);
  teams.authenticate.mockReset();
});

describe('startConsent in Teams', () => {
  it("uses Teams' authentication window and reads notifySuccess's JSON", async () => {
    const open = vi.spyOn(window, 'open');
    teams.authenticate.mockResolvedValue(
      JSON.stringify({
        type: 'roster-consent',
        outcome: 'linked',
        message: 'Roster is linked to Contoso.',
      }),
    );
    const result = await startConsent().complete(url);
    expect(result).toEqual({ outcome: 'linked', message: 'Roster is linked to Contoso.' });
    expect(teams.authenticate).toHaveBeenCalledWith(expect.objectContaining({ url }));
    expect(open).not.toHaveBeenCalled();
    open.mockRestore();
  });

  it("reads notifyFailure's JSON from the rejection", async () => {
    teams.authenticate.mockRejectedValue(
      new Error(
        JSON.stringify({
          type: 'roster-consent',
          outcome: 'failed',
          code: 'tenant_mismatch',
          message: 'Consent was given for another tenant than the one that asked.',
        }),
      ),
    );
    await expect(startConsent().complete(url)).resolves.toEqual({
      outcome: 'failed',
      code: 'tenant_mismatch',
      message: 'Consent was given for another tenant than the one that asked.',
    });
  });

  it('treats a window the admin closed as cancelled', async () => {
    teams.authenticate.mockRejectedValue(new Error('CancelledByUser'));
    await expect(startConsent().complete(url)).resolves.toMatchObject({
      outcome: 'cancelled',
      code: 'window_closed',
    });
  });
});
