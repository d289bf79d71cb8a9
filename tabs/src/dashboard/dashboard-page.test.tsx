import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { aRun, aStatus, aTenant } from '../test/fixtures';
import { fakeApiClient, renderWithProviders } from '../test/render-with-providers';
import { DashboardPage } from './dashboard-page';

const routes = (overrides: Record<string, unknown> = {}) => ({
  'GET /api/tenant': aTenant,
  'GET /api/sync/status': aStatus(),
  'GET /api/runs': { runs: [aRun(), aRun({ id: '22222222-2222-4333-8444-555555555555' })] },
  ...overrides,
});

describe('the dashboard', () => {
  it('shows the tenant, the last run and the recent runs linking to their details', async () => {
    renderWithProviders(<DashboardPage />, { client: fakeApiClient(routes()) });
    expect(await screen.findByTestId('tenant-name')).toHaveTextContent('Thistle & Marten Textiles');
    const lastRun = screen.getByRole('heading', { name: 'Last run' }).closest('[role="group"]');
    expect(lastRun).not.toBeNull();
    const card = within(lastRun as HTMLElement);
    expect(card.getByText('Added').nextSibling).toHaveTextContent('12');
    expect(card.getByText('Skipped').nextSibling).toHaveTextContent('7');
    expect(card.getByText('Succeeded')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Recent runs' });
    const links = within(table).getAllByRole('link');
    expect(links).toHaveLength(2);
    expect(links[0]).toHaveAttribute('href', `/runs/${aRun().id}`);
  });

  it('starts a sync with Sync Now and shows its progress', async () => {
    let running = false;
    const client = fakeApiClient(
      routes({
        'GET /api/sync/status': () =>
          running
            ? aStatus({
                running: true,
                run: aRun({ status: 'running', endedAt: null }),
                progress: { runId: aRun().id, pages: 3, users: 1200 },
              })
            : aStatus(),
        'POST /api/sync': () => {
          running = true;
          return { run: aRun({ status: 'running', endedAt: null }) };
        },
      }),
    );
    renderWithProviders(<DashboardPage />, { client });
    const button = await screen.findByRole('button', { name: 'Sync Now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(await screen.findByRole('progressbar', { name: 'Sync progress' })).toBeInTheDocument();
    expect(await screen.findByText(/read 1,200 users in 3 pages/)).toBeInTheDocument();
    expect(button).toBeDisabled();
    expect(client.calls.some((c) => c.method === 'POST' && c.path === '/api/sync')).toBe(true);
    running = false;
    expect(
      await screen.findByText(/Sync finished: 12 added, 3 updated, 1 removed/, undefined, {
        timeout: 5000,
      }),
    ).toBeInTheDocument();
  });

  it('offers Confirm removals and Discard while removals are held', async () => {
    const held = aRun({
      status: 'held',
      counts: { ...aRun().counts, held: 40 },
      heldBecause: '40 removals are over the threshold of 10%.',
    });
    const client = fakeApiClient(
      routes({
        'GET /api/sync/status': aStatus({ run: held }),
        [`POST /api/runs/${held.id}/removals/confirm`]: { run: held },
      }),
    );
    renderWithProviders(<DashboardPage />, { client });
    expect(await screen.findByText('40 removals are waiting for you')).toBeInTheDocument();
    expect(screen.getByText(/over the threshold of 10%/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Discard' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Confirm removals' }));
    await waitFor(() =>
      expect(client.calls.map((c) => `${c.method} ${c.path}`)).toContain(
        `POST /api/runs/${held.id}/removals/confirm`,
      ),
    );
  });

  it('says what to do when there is no run yet', async () => {
    renderWithProviders(<DashboardPage />, {
      client: fakeApiClient(
        routes({ 'GET /api/sync/status': aStatus({ run: null }), 'GET /api/runs': { runs: [] } }),
      ),
    });
    expect(await screen.findByText('No sync yet')).toBeInTheDocument();
    expect(screen.getByText(/Choose Sync Now to start one/)).toBeInTheDocument();
  });

  it('says what failed and offers to try again when the runs cannot be read', async () => {
    const { 'GET /api/runs': _runs, ...withoutRuns } = routes();
    renderWithProviders(<DashboardPage />, { client: fakeApiClient(withoutRuns) });
    expect(await screen.findByText('Something went wrong')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
