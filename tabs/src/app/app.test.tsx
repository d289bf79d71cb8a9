import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types';
import type { Session } from '../host/session';
import { aRun, aStatus, aTenant } from '../test/fixtures';
import { fakeApiClient, renderWithProviders } from '../test/render-with-providers';
import { App } from './app';

const admin: Me = {
  userId: 'u1',
  name: 'Morgan Hale',
  username: 'admin@thistlemarten.example',
  tenantId: aTenant.tenantId,
  isAdmin: true,
  tenantLinked: true,
};

const session = (overrides: Partial<Session> = {}): Session => ({
  kind: 'teams',
  getToken: () => Promise.resolve('token'),
  theme: 'light',
  onThemeChange: () => () => undefined,
  initialPath: undefined,
  signOut: undefined,
  userName: 'Morgan Hale',
  ...overrides,
});

const run = aRun();
const routes = {
  'GET /api/me': admin,
  'GET /api/tenant': aTenant,
  'GET /api/sync/status': aStatus(),
  'GET /api/runs': { runs: [run] },
  [`GET /api/runs/${run.id}`]: { run },
  [`GET /api/runs/${run.id}/changes`]: { changes: [], next: null },
  'GET /api/employees': { columns: [], employees: [], next: null },
};

function Where() {
  return <output aria-label="path">{useLocation().pathname}</output>;
}

const renderApp = (s: Session) =>
  renderWithProviders(
    <>
      <App session={s} />
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
    </>,
    { client: fakeApiClient(routes) },
  );

describe('the tab', () => {
  it('follows a Teams deep link to the run it names', async () => {
    renderApp(session({ initialPath: `/runs/${run.id}` }));
    expect(await screen.findByRole('heading', { level: 1, name: /^Run of / })).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'path' })).toHaveTextContent(`/runs/${run.id}`);
  });

  it('navigates between its pages', async () => {
    renderApp(session());
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Employees' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Employees' })).toBeInTheDocument();
    expect(await screen.findByText('The directory is empty')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Preferences: Fields' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Preferences: Integration' })).toBeInTheDocument();
  });

  it('offers sign-out only outside Teams', async () => {
    const { unmount } = renderApp(session());
    await screen.findByRole('heading', { level: 1, name: 'Dashboard' });
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
    unmount();
    renderApp(session({ kind: 'browser', signOut: () => Promise.resolve() }));
    expect(await screen.findByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });
});
