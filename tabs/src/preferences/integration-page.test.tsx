import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { renderWithProviders } from '../test/render-with-providers';
import { IntegrationPage } from './integration-page';
import type { ConsentResult, ConsentWindow } from './open-consent';
import type { TenantSettings } from './settings-schema';
import {
  attributesAnswer,
  defaultSettings,
  scriptedClient,
  stubResizeObserver,
  tenantAnswer,
  type ScriptedCall,
  type ScriptedReply,
} from './test-fixtures';

stubResizeObserver();

// The consent window is the browser's or Teams'; here it answers what each test scripts.
const consent = vi.hoisted(() => ({
  complete: vi.fn<(url: string) => Promise<ConsentResult>>(),
  abandon: vi.fn<() => void>(),
}));
vi.mock('./open-consent', () => ({
  startConsent: (): ConsentWindow => consent,
}));

beforeEach(() => {
  consent.complete.mockReset();
  consent.abandon.mockReset();
});

const consentUrl =
  'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0/adminconsent?client_id=x';

/** A tenant that is linked while `state.linked`, with the routes the page calls. */
function integrationApi(
  state: { linked: boolean; settings: TenantSettings },
  extra: Record<string, (call: ScriptedCall) => ScriptedReply> = {},
) {
  return scriptedClient({
    'GET /api/tenant': () => {
      if (!state.linked) throw new ApiError(404, 'tenant_not_linked', 'Tenant is not linked.');
      return { data: tenantAnswer(state.settings), etag: '"v7"' };
    },
    'GET /api/attributes': () => ({ data: attributesAnswer }),
    'GET /api/groups': () => ({ data: { groups: [] } }),
    'POST /api/tenant/link': () => ({ data: { consentUrl } }),
    'DELETE /api/tenant/link': () => {
      state.linked = false;
      return {};
    },
    'PUT /api/tenant/settings': (call) => {
      state.settings = call.body as TenantSettings;
      return { data: { settings: call.body }, etag: '"v8"' };
    },
    ...extra,
  });
}

describe('IntegrationPage', { timeout: 60_000 }, () => {
  it('links through the consent window, then shows the tenant name', async () => {
    const user = userEvent.setup();
    const state = { linked: false, settings: defaultSettings() };
    consent.complete.mockImplementation((url) => {
      expect(url).toBe(consentUrl);
      state.linked = true;
      return Promise.resolve({ outcome: 'linked', message: 'Roster is linked to Contoso.' });
    });
    const client = integrationApi(state);
    renderWithProviders(<IntegrationPage />, { client });

    await user.click(await screen.findByRole('button', { name: 'Link Entra ID Account' }));
    expect(await screen.findByText('Linked to Contoso')).toBeInTheDocument();
    expect(consent.complete).toHaveBeenCalledTimes(1);
    expect(client.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      '/api/tenant/link',
    ]);
    expect(screen.getByRole('switch', { name: 'Exclude shared mailboxes' })).toBeInTheDocument();
  });

  it('says so when consent is declined, and offers to try again', async () => {
    const user = userEvent.setup();
    consent.complete.mockResolvedValue({
      outcome: 'cancelled',
      code: 'consent_declined',
      message: 'Roster was not linked. An administrator can link it any time from Roster.',
    });
    renderWithProviders(<IntegrationPage />, {
      client: integrationApi({ linked: false, settings: defaultSettings() }),
    });
    await user.click(await screen.findByRole('button', { name: 'Link Entra ID Account' }));
    expect(await screen.findByText('Roster was not linked')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Link Entra ID Account' })).toBeEnabled();
  });

  it('closes the prepared window when the API will not hand out a consent URL', async () => {
    const user = userEvent.setup();
    const client = integrationApi(
      { linked: false, settings: defaultSettings() },
      {
        'POST /api/tenant/link': () => {
          throw new ApiError(403, 'forbidden', 'Only admins can link Roster.');
        },
      },
    );
    renderWithProviders(<IntegrationPage />, { client });
    await user.click(await screen.findByRole('button', { name: 'Link Entra ID Account' }));
    expect(await screen.findByText(/Only admins can link Roster\./)).toBeInTheDocument();
    expect(consent.abandon).toHaveBeenCalledTimes(1);
    expect(consent.complete).not.toHaveBeenCalled();
  });

  it('unlinks after confirmation, deleting the stored data when asked', async () => {
    const user = userEvent.setup();
    const client = integrationApi({ linked: true, settings: defaultSettings() });
    renderWithProviders(<IntegrationPage />, { client });

    await user.click(await screen.findByRole('button', { name: 'Unlink' }));
    const box = await screen.findByLabelText(
      'Also delete the employee directory and run history Roster stored',
    );
    await user.click(box);
    const dialog = screen.getByRole('dialog', { name: 'Unlink Roster from Contoso?' });
    await user.click(within(dialog).getByRole('button', { name: 'Unlink and delete data' }));

    expect(
      await screen.findByRole('button', { name: 'Link Entra ID Account' }),
    ).toBeInTheDocument();
    const deletes = client.calls.filter((c) => c.method === 'DELETE');
    expect(deletes.map((c) => c.path)).toEqual(['/api/tenant/link?deleteData=true']);
  });

  it('previews unsaved changes, then saves them with the ETag', async () => {
    const user = userEvent.setup();
    const state = { linked: true, settings: defaultSettings() };
    const client = integrationApi(state, {
      'POST /api/sync/preview': () => ({ data: emptyPreview }),
    });
    renderWithProviders(<IntegrationPage />, { client });

    await user.click(await screen.findByRole('button', { name: 'Preview' }));
    await screen.findByRole('region', { name: 'Preview result' });
    await user.click(screen.getByRole('switch', { name: 'Exclude shared mailboxes' }));
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => {
      expect(client.calls.filter((c) => c.path === '/api/sync/preview')).toHaveLength(2);
    });
    const [saved, draft] = client.calls.filter((c) => c.path === '/api/sync/preview');
    expect(saved?.body).toEqual({});
    const previewed = (draft?.body as { settings: TenantSettings }).settings;
    expect(previewed.filters.presets.excludeSharedMailboxes).toBe(false);
    expect(client.calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Settings saved. The next sync uses them.')).toBeInTheDocument();
    const put = client.calls.find((c) => c.method === 'PUT');
    expect(put?.headers).toEqual({ 'if-match': '"v7"' });
    expect((put?.body as TenantSettings).filters.presets.excludeSharedMailboxes).toBe(false);
  });

  it('previews how many users are included, and excluded by which filter, with examples', async () => {
    const user = userEvent.setup();
    const reason = (code: string, text: string, rule?: string) =>
      rule === undefined ? { code, text } : { code, text, rule };
    const client = integrationApi(
      { linked: true, settings: defaultSettings() },
      {
        'POST /api/sync/preview': () => ({
          data: {
            add: ['Adele Vance (6e7b768e)', 'Alex Wilber (87d349ed)'],
            update: [],
            unchanged: 40,
            skip: [
              {
                id: 'a1',
                name: 'Conf Room Rainier',
                reason: reason('room-or-equipment', 'excluded by filter: room mailbox'),
              },
              {
                id: 'a2',
                name: 'Help Desk',
                reason: reason('shared-mailbox', 'excluded by filter: shared mailbox'),
              },
              {
                id: 'a3',
                name: 'Sales Desk',
                reason: reason('shared-mailbox', 'excluded by filter: shared mailbox'),
              },
              {
                id: 'a4',
                name: 'Pat Contractor',
                reason: reason(
                  'rule',
                  'excluded by rule "department equals Contractors"',
                  'contractors',
                ),
              },
            ],
            remove: [],
            hold: [],
            heldBecause: null,
            counts: { add: 2, update: 0, skip: 132, remove: 0, hold: 0 },
            // Exact counts over the whole directory; `skip` above is a sample.
            skipReasons: [
              { code: 'shared-mailbox', text: 'excluded by filter: shared mailbox', count: 120 },
              { code: 'room-or-equipment', text: 'excluded by filter: room mailbox', count: 9 },
              {
                code: 'rule',
                rule: 'contractors',
                text: 'excluded by rule "department equals Contractors"',
                count: 3,
              },
            ],
          },
        }),
      },
    );
    renderWithProviders(<IntegrationPage />, { client });

    await user.click(await screen.findByRole('button', { name: 'Preview' }));
    const result = await screen.findByRole('region', { name: 'Preview result' });
    const count = (label: string) =>
      within(result).getByText(label).nextElementSibling?.textContent;
    expect(count('Included')).toBe('42');
    expect(count('Excluded')).toBe('132');
    const reasons = within(result).getByRole('list', { name: 'Excluded users by reason' });
    const groups = within(reasons).getAllByRole('listitem', { name: /: \d+$/ });
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual([
      'Exclude shared mailboxes: 120',
      'Exclude rooms and equipment: 9',
      'Rule "contractors": 3',
    ]);
    expect(
      within(groups[0] as HTMLElement).getByText('Help Desk (excluded by filter: shared mailbox)'),
    ).toBeInTheDocument();
  });

  it('checks connectivity step by step, with the fix for a missing permission', async () => {
    const user = userEvent.setup();
    const client = integrationApi(
      { linked: true, settings: defaultSettings() },
      {
        'POST /api/tenant/connectivity': () => ({
          data: {
            ok: false,
            steps: [
              {
                step: 'token',
                title: 'Get a token',
                status: 'passed',
                ms: 12,
                detail: 'Token issued.',
              },
              {
                step: 'mailboxSettings',
                title: 'Read mailbox types',
                status: 'failed',
                ms: 30,
                detail: 'Graph answered 403.',
                permission: 'MailboxSettings.Read',
                fix: 'Grant admin consent again from Preferences › Integration.',
              },
              {
                step: 'rooms',
                title: 'List rooms',
                status: 'skipped',
                ms: 0,
                detail: 'Not needed.',
              },
            ],
          },
        }),
      },
    );
    renderWithProviders(<IntegrationPage />, { client });

    await user.click(await screen.findByRole('button', { name: 'Check Connectivity' }));
    const steps = await screen.findByRole('list', { name: 'Connectivity checks' });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((s) => s.getAttribute('aria-label')),
    ).toEqual(['Get a token: Passed', 'Read mailbox types: Failed', 'List rooms: Skipped']);
    const failed = within(steps).getByRole('listitem', { name: 'Read mailbox types: Failed' });
    expect(within(failed).getByText('MailboxSettings.Read')).toBeInTheDocument();
    expect(within(failed).getByText(/To fix: Grant admin consent again/)).toBeInTheDocument();
    expect(screen.getByText('Some checks failed: see what to do below.')).toBeInTheDocument();
  });

  it('edits Clean Up, its threshold and the sync interval, refusing an interval under 15', async () => {
    const user = userEvent.setup();
    const client = integrationApi({ linked: true, settings: defaultSettings() });
    renderWithProviders(<IntegrationPage />, { client });

    const percent = await screen.findByRole('spinbutton', { name: 'Percent of the directory' });
    expect(percent).toBeDisabled();
    await user.click(screen.getByRole('switch', { name: 'Clean Up' }));
    await user.clear(percent);
    await user.type(percent, '5');
    const interval = screen.getByRole('spinbutton', { name: 'Sync interval (minutes)' });
    await user.clear(interval);
    await user.type(interval, '10');
    expect(screen.getByText(/Too small: expected number to be >=15/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(client.calls.some((c) => c.method === 'PUT')).toBe(false);
    await user.type(interval, '0');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      expect(client.calls.some((c) => c.method === 'PUT')).toBe(true);
    });
    const sent = client.calls.find((c) => c.method === 'PUT')?.body as TenantSettings;
    expect(sent.cleanUp).toBe(true);
    expect(sent.deletionThreshold).toEqual({ percent: 5, absolute: 500 });
    expect(sent.scheduleIntervalMinutes).toBe(100);
  });
});

const emptyPreview = {
  add: [],
  update: [],
  unchanged: 0,
  skip: [],
  remove: [],
  hold: [],
  heldBecause: null,
  counts: { add: 0, update: 0, skip: 0, remove: 0, hold: 0 },
  skipReasons: [],
};
