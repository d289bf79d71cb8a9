import { Card, Subtitle1, Title2 } from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useRuns } from '../api/use-runs';
import { useSyncStatus } from '../api/use-sync-status';
import { EmptyState } from '../components/empty-state';
import { ErrorState } from '../components/error-state';
import { LoadingSkeleton } from '../components/loading-skeleton';
import { useDashboardStyles } from './dashboard.styles';
import { HeldRemovalsBanner, hasUnresolvedHold } from './held-removals-banner';
import { LastRunCard } from './last-run-card';
import { RecentRunsTable } from './recent-runs-table';
import { RunsChart } from './runs-chart';
import { SyncCard } from './sync-card';
import { TenantCard } from './tenant-card';

/** Did the last sync work, and what is next: the tenant, the last run, Sync Now, history. */
export function DashboardPage() {
  const styles = useDashboardStyles();
  const status = useSyncStatus();
  const runs = useRuns(20);
  const queryClient = useQueryClient();
  const running = status.data?.running === true;
  const wasRunning = useRef(running);
  // When a run ends, everything it changed is read again: runs, tenant, employees.
  useEffect(() => {
    if (wasRunning.current && !running)
      void queryClient.invalidateQueries({ queryKey: ['tenant'] });
    wasRunning.current = running;
  }, [running, queryClient]);
  const latest = status.data?.run;

  return (
    <div className={styles.page}>
      <Title2 as="h1">Dashboard</Title2>
      {hasUnresolvedHold(latest) && <HeldRemovalsBanner run={latest} />}
      <div className={styles.cards}>
        <TenantCard />
        <LastRunCard run={status.isSuccess ? latest : undefined} />
        <SyncCard status={status} />
      </div>
      <Card className={styles.card} aria-labelledby="recent-runs-title">
        <Subtitle1 as="h2" id="recent-runs-title">
          Recent runs
        </Subtitle1>
        {runs.isPending && <LoadingSkeleton label="Loading recent runs" lines={5} />}
        {runs.isError && <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />}
        {runs.isSuccess && runs.data.length === 0 && (
          <EmptyState title="No runs yet">
            Runs appear here after the first sync. Choose Sync Now to start one.
          </EmptyState>
        )}
        {runs.isSuccess && runs.data.length > 0 && (
          <>
            <RunsChart runs={runs.data} />
            <RecentRunsTable runs={runs.data} />
          </>
        )}
      </Card>
    </div>
  );
}
