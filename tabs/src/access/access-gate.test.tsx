import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types';
import { fakeApiClient, renderWithProviders } from '../test/render-with-providers';
import { AccessGate } from './access-gate';

const me = (overrides: Partial<Me>): Me => ({
  userId: 'u1',
  name: 'Riley Ashcombe',
  username: 'riley.ashcombe@thistlemarten.example',
  tenantId: 't1',
  isAdmin: true,
  tenantLinked: true,
  ...overrides,
});

const renderAt = (path: string, answer: Me) =>
  renderWithProviders(
    <Routes>
      <Route element={<AccessGate />}>
        <Route index element={<p>dashboard page</p>} />
        <Route path="preferences/integration" element={<p>link step</p>} />
      </Route>
    </Routes>,
    { client: fakeApiClient({ 'GET /api/me': answer }), route: path },
  );

describe('who may see which page', () => {
  it('shows a non-admin who can use Roster and why, and nothing else', async () => {
    renderAt('/', me({ isAdmin: false }));
    expect(
      await screen.findByRole('heading', { name: 'Roster is for administrators' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/riley.ashcombe@thistlemarten.example/)).toBeInTheDocument();
    expect(
      screen.getByText(/Global Administrators, Application Administrators/),
    ).toBeInTheDocument();
    expect(screen.queryByText('dashboard page')).not.toBeInTheDocument();
  });

  it('sends an admin of an unlinked tenant to the Link step', async () => {
    renderAt('/', me({ tenantLinked: false }));
    expect(await screen.findByText('link step')).toBeInTheDocument();
  });

  it('lets an admin of a linked tenant in', async () => {
    renderAt('/', me({}));
    expect(await screen.findByText('dashboard page')).toBeInTheDocument();
  });
});
