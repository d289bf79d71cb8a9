import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/use-me';
import { ErrorState } from '../components/error-state';
import { LoadingSkeleton } from '../components/loading-skeleton';
import { NotAllowedPage } from './not-allowed-page';

/** Where an unlinked tenant lands: the Link step. */
export const linkStepPath = '/preferences/integration';

/**
 * Who may see the pages: admins only (others get a page saying why), and until the tenant is
 * linked, only the Link step.
 */
export function AccessGate() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <LoadingSkeleton label="Checking who you are" lines={4} />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data.isAdmin) return <NotAllowedPage me={me.data} />;
  if (!me.data.tenantLinked && location.pathname !== linkStepPath) {
    return <Navigate to={linkStepPath} replace />;
  }
  return <Outlet />;
}
