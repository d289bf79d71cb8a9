import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { RunChange } from '../api/types';
import { aRun } from '../test/fixtures';
import { fakeApiClient, renderWithProviders, type FakeCall } from '../test/render-with-providers';
import { RunDetailsPage } from './run-details-page';

const run = aRun({
  status: 'held',
  counts: { ...aRun().counts, held: 2 },
  heldBecause: '2 removals are over the threshold of 1.',
  errors: ['Graph answered 503 twice for page 4; retried.'],
});
const changes: RunChange[] = [
  { kind: 'added', employeeId: 'e1', name: 'Anna Berg' },
  {
    kind: 'updated',
    employeeId: 'e2',
    name: 'Bo Chen',
    diffs: [{ field: 'jobTitle', before: 'Analyst', after: 'Lead Analyst' }],
  },
  {
    kind: 'skipped',
    employeeId: 'e3',
    name: 'Shared Inbox',
    reason: { code: 'filter:shared', text: 'Excluded by filter: shared mailbox' },
  },
  {
    kind: 'held',
    employeeId: 'e4',
    name: 'Dana Eng',
    reason: { code: 'gone', text: 'No longer in Entra ID' },
  },
];

const routes = {
  [`GET /api/runs/${run.id}`]: { run },
  [`GET /api/runs/${run.id}/changes`]: (call: FakeCall & { query: URLSearchParams }) => {
    const kind = call.query.get('kind');
    const items = kind === null ? changes : changes.filter((c) => c.kind === kind);
    // Two pages when unfiltered, so paging is exercised.
    if (kind === null && call.query.get('cursor') === null) {
      return { changes: items.slice(0, 2), next: 'page-2' };
    }
    return { changes: kind === null ? items.slice(2) : items, next: null };
  },
};

const renderRun = () =>
  renderWithProviders(
    <Routes>
      <Route path="/runs/:id" element={<RunDetailsPage />} />
    </Routes>,
    { client: fakeApiClient(routes), route: `/runs/${run.id}` },
  );

describe('run details', () => {
  it('shows counts, skips by reason, the held removals and the errors', async () => {
    renderRun();
    expect(await screen.findByRole('heading', { level: 1, name: /^Run of / })).toBeInTheDocument();
    expect(screen.getAllByText(/2 removals are over the threshold of 1\./).length).toBeGreaterThan(
      0,
    );
    expect(screen.getByRole('button', { name: 'Confirm removals' })).toBeInTheDocument();
    const skipped = screen.getByRole('table', { name: 'Skipped users by reason' });
    expect(within(skipped).getByText('No valid email')).toBeInTheDocument();
    expect(screen.getByText('Graph answered 503 twice for page 4; retried.')).toBeInTheDocument();
  });

  it('lists the changes with field-level before and after, a page at a time', async () => {
    renderRun();
    const table = await screen.findByRole('table', { name: 'Changes' });
    expect(within(table).getByText('Bo Chen')).toBeInTheDocument();
    expect(within(table).getByText('Analyst')).toBeInTheDocument();
    expect(within(table).getByText(/Lead Analyst/)).toBeInTheDocument();
    expect(within(table).queryByText('Shared Inbox')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await within(table).findByText('Shared Inbox')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('filters the changes by kind: skipped users with their reasons', async () => {
    renderRun();
    await screen.findByRole('table', { name: 'Changes' });
    await userEvent.click(screen.getByRole('tab', { name: 'Skipped' }));
    const table = await screen.findByRole('table', { name: 'Changes' });
    expect(
      await within(table).findByText('Excluded by filter: shared mailbox'),
    ).toBeInTheDocument();
    expect(within(table).queryByText('Anna Berg')).not.toBeInTheDocument();
  });
});
