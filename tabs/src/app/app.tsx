import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { Route, Routes, useNavigate } from 'react-router';
import { AccessGate } from '../access/access-gate';
import { LoadingSkeleton } from '../components/loading-skeleton';
import { DashboardPage } from '../dashboard/dashboard-page';
import type { Session } from '../host/session';
import { AppShell } from './app-shell';
import { NotFoundPage } from './not-found-page';

// The dashboard comes with the tab; the other pages load when first opened.
const EmployeesPage = lazy(() =>
  import('../employees/employees-page').then((m) => ({ default: m.EmployeesPage })),
);
const FieldsPage = lazy(() =>
  import('../preferences/index').then((m) => ({ default: m.FieldsPage })),
);
const IntegrationPage = lazy(() =>
  import('../preferences/index').then((m) => ({ default: m.IntegrationPage })),
);
const RunDetailsPage = lazy(() =>
  import('../runs/run-details-page').then((m) => ({ default: m.RunDetailsPage })),
);

const page = (element: ReactNode) => (
  <Suspense fallback={<LoadingSkeleton label="Loading the page" lines={6} />}>{element}</Suspense>
);

/** Where each page lives; the Teams deep link (a run's details) is followed once at start. */
export function App(props: { session: Session }) {
  const navigate = useNavigate();
  const followed = useRef(false);
  const { initialPath } = props.session;
  useEffect(() => {
    if (followed.current || initialPath === undefined) return;
    followed.current = true;
    void navigate(initialPath, { replace: true });
  }, [initialPath, navigate]);

  return (
    <Routes>
      <Route
        element={
          <AppShell session={props.session}>
            <AccessGate />
          </AppShell>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="employees" element={page(<EmployeesPage />)} />
        <Route path="preferences/fields" element={page(<FieldsPage />)} />
        <Route path="preferences/integration" element={page(<IntegrationPage />)} />
        <Route path="runs/:id" element={page(<RunDetailsPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
