import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { renderWithProviders } from '../test/render-with-providers';
import { FieldsPage } from './fields-page';
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

const sampleEmployee = {
  id: '6e7b768e-07e2-4810-8459-485f84f8f204',
  email: 'adelev@contoso.com',
  emailSource: 'proxyAddresses',
  aliases: [],
  fields: { displayName: 'Adele Vance', firstName: 'Adele', jobTitle: 'Retail Manager' },
  hash: 'x',
};

/** The API behind Preferences › Fields, with the settings save answered by `put`. */
function fieldsApi(
  put: (call: ScriptedCall) => ScriptedReply,
  stored: { settings: TenantSettings; etag: string },
) {
  return scriptedClient({
    'GET /api/tenant': () => ({ data: tenantAnswer(stored.settings), etag: stored.etag }),
    'GET /api/attributes': () => ({ data: attributesAnswer }),
    'GET /api/employees': () => ({
      data: { columns: [], employees: [sampleEmployee], next: null },
    }),
    'PUT /api/tenant/settings': put,
  });
}

const rowNames = () =>
  within(screen.getByRole('list', { name: 'Fields' }))
    .getAllByRole('listitem')
    .map((row) => row.getAttribute('aria-label'));

const puts = (calls: readonly ScriptedCall[]) => calls.filter((c) => c.method === 'PUT');

describe('FieldsPage: Save', { timeout: 60_000 }, () => {
  it('saves the reordered fields with If-Match, then saves again with the new ETag', async () => {
    const user = userEvent.setup();
    const stored = { settings: defaultSettings(), etag: '"v3"' };
    let version = 3;
    const client = fieldsApi((call) => {
      version += 1;
      stored.settings = call.body as TenantSettings;
      stored.etag = `"v${version}"`;
      return { data: { settings: call.body }, etag: stored.etag };
    }, stored);
    renderWithProviders(<FieldsPage />, { client });

    const lastName = await screen.findByRole('listitem', { name: 'Last name' });
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    await waitFor(() => {
      expect(within(lastName).getByLabelText('Sample value of Last name')).toHaveTextContent(
        '(empty)',
      );
    });
    expect(
      within(screen.getByRole('listitem', { name: 'Job title' })).getByLabelText(
        'Sample value of Job title',
      ),
    ).toHaveTextContent('Retail Manager');

    await user.click(within(lastName).getByRole('button', { name: 'Move up' }));
    expect(rowNames().slice(0, 3)).toEqual(['Display name', 'Last name', 'First name']);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Settings saved. The next sync uses them.')).toBeInTheDocument();
    const [first] = puts(client.calls);
    expect(first?.headers).toEqual({ 'if-match': '"v3"' });
    const sent = first?.body as TenantSettings;
    expect(sent.fields.map((f) => f.key).slice(0, 3)).toEqual([
      'displayName',
      'lastName',
      'firstName',
    ]);
    expect(sent.filters).toEqual(defaultSettings().filters);
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();

    await user.click(
      within(screen.getByRole('listitem', { name: 'First name' })).getByRole('button', {
        name: 'Move up',
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      expect(puts(client.calls)).toHaveLength(2);
    });
    expect(puts(client.calls)[1]?.headers).toEqual({ 'if-match': '"v4"' });
  });

  it('says someone else saved on 412, and Reload loads their version', async () => {
    const user = userEvent.setup();
    const stored = { settings: defaultSettings(), etag: '"v3"' };
    const client = fieldsApi(() => {
      // Another admin renamed a field in the meantime.
      stored.settings = {
        ...stored.settings,
        fields: stored.settings.fields.map((f) =>
          f.key === 'office' ? { ...f, label: 'Site' } : f,
        ),
      };
      stored.etag = '"v4"';
      throw new ApiError(412, 'settings_changed', 'The settings changed since you loaded them.');
    }, stored);
    renderWithProviders(<FieldsPage />, { client });

    const lastName = await screen.findByRole('listitem', { name: 'Last name' });
    await user.click(within(lastName).getByRole('button', { name: 'Remove Last name' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Someone else saved these settings')).toBeInTheDocument();
    expect(rowNames()).not.toContain('Last name');
    await user.click(screen.getByRole('button', { name: 'Reload' }));

    expect(await screen.findByRole('listitem', { name: 'Site' })).toBeInTheDocument();
    expect(rowNames()).toContain('Last name');
    expect(screen.queryByText('Someone else saved these settings')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('keeps the ETag the edits started from, even when the settings refetch meanwhile', async () => {
    const user = userEvent.setup();
    const stored = { settings: defaultSettings(), etag: '"v3"' };
    const client = fieldsApi((call) => {
      if (call.headers['if-match'] !== stored.etag) {
        throw new ApiError(412, 'settings_changed', 'The settings changed since you loaded them.');
      }
      return { data: { settings: call.body }, etag: '"v9"' };
    }, stored);
    const { queryClient } = renderWithProviders(<FieldsPage />, { client });

    const office = await screen.findByRole('listitem', { name: 'Office' });
    await user.click(within(office).getByRole('button', { name: 'Remove Office' }));
    // Another admin saves; the tab refetches (on window focus, say) while the edit is open.
    stored.etag = '"v4"';
    await queryClient.refetchQueries();
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Someone else saved these settings')).toBeInTheDocument();
    expect(puts(client.calls).map((c) => c.headers['if-match'])).toEqual(['"v3"']);
  });

  it('shows the fields a 400 names next to their controls', async () => {
    const user = userEvent.setup();
    const stored = { settings: defaultSettings(), etag: '"v3"' };
    const client = fieldsApi(() => {
      throw new ApiError(400, 'invalid_request', 'The settings is invalid.', [
        { path: 'fields.3.source', message: 'Graph refuses this attribute for your tenant' },
      ]);
    }, stored);
    renderWithProviders(<FieldsPage />, { client });

    const jobTitle = await screen.findByRole('listitem', { name: 'Job title' });
    const label = within(jobTitle).getByRole('textbox', { name: 'Label' });
    await user.type(label, 's');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const row = await screen.findByRole('listitem', { name: 'Job titles' });
    expect(
      await within(row).findByText('Graph refuses this attribute for your tenant'),
    ).toBeInTheDocument();
    expect(screen.getByText('Roster refused these settings')).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Problems' })).getByText(
        'Field "Job titles": Graph refuses this attribute for your tenant',
      ),
    ).toBeInTheDocument();

    // Editing again clears the API's verdict: it was about the settings as they were sent.
    await user.type(within(row).getByRole('textbox', { name: 'Label' }), '!');
    expect(
      screen.queryByText('Graph refuses this attribute for your tenant'),
    ).not.toBeInTheDocument();
  });

  it('validates with the API schema before sending anything', async () => {
    const user = userEvent.setup();
    const stored = { settings: defaultSettings(), etag: '"v3"' };
    const client = fieldsApi(() => ({ data: { settings: stored.settings }, etag: '"v4"' }), stored);
    renderWithProviders(<FieldsPage />, { client });

    const office = await screen.findByRole('listitem', { name: 'Office' });
    await user.clear(within(office).getByRole('textbox', { name: 'Label' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(screen.getByText('Fix the problem marked below before saving')).toBeInTheDocument();
    expect(
      within(screen.getByRole('listitem', { name: 'office' })).getByText(
        'Field labels cannot be empty',
      ),
    ).toBeInTheDocument();
    expect(puts(client.calls)).toHaveLength(0);
  });

  it('sends admins of an unlinked tenant to the Link step', async () => {
    const client = scriptedClient({
      'GET /api/tenant': () => {
        throw new ApiError(404, 'tenant_not_linked', 'Tenant is not linked to Roster.');
      },
    });
    renderWithProviders(<FieldsPage />, { client });
    expect(await screen.findByText('Roster is not linked to Entra ID yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Link your Entra ID account' })).toHaveAttribute(
      'href',
      '/preferences/integration',
    );
  });
});
