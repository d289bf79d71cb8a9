import {
  Body1,
  Button,
  Card,
  CardHeader,
  ProgressBar,
  Subtitle1,
} from '@fluentui/react-components';
import { ArrowSync20Regular } from '@fluentui/react-icons';
import type { UseQueryResult } from '@tanstack/react-query';
import type { SyncStatus } from '../api/types';
import { useSyncNow } from '../api/use-sync-now';
import { ErrorState } from '../components/error-state';
import { LoadingSkeleton } from '../components/loading-skeleton';
import { formatCount, formatDateTime } from '../format/format';
import { useDashboardStyles } from './dashboard.styles';

const healthText: Record<string, string> = {
  healthy: 'Healthy',
  retrying: 'Retrying after failures',
  quarantined: 'Paused: syncs keep failing; check the Integration page',
};

/** Sync Now, its live progress, and when the next scheduled run is due. */
export function SyncCard(props: { status: UseQueryResult<SyncStatus> }) {
  const styles = useDashboardStyles();
  const { status } = props;
  const syncNow = useSyncNow();
  const running = status.data?.running === true;
  const progress = status.data?.progress ?? null;
  // The run this admin started, once it has ended: said once, in the live region.
  const latest = status.data?.run;
  const finished =
    !running && syncNow.data !== undefined && latest?.id === syncNow.data.id ? latest : undefined;
  return (
    <Card className={styles.card} aria-labelledby="sync-card-title">
      <CardHeader
        header={
          <Subtitle1 as="h2" id="sync-card-title">
            Sync
          </Subtitle1>
        }
      />
      {status.isPending && <LoadingSkeleton label="Loading the sync status" />}
      {status.isError && <ErrorState error={status.error} onRetry={() => void status.refetch()} />}
      {status.isSuccess && (
        <dl className={styles.facts}>
          <dt className={styles.term}>Next scheduled run</dt>
          <dd className={styles.value}>
            {running ? 'after this one' : formatDateTime(status.data.nextScheduledAt)}
          </dd>
          <dt className={styles.term}>Schedule</dt>
          <dd className={styles.value}>{healthText[status.data.health] ?? status.data.health}</dd>
        </dl>
      )}
      <div role="status" aria-live="polite">
        {finished !== undefined && (
          <Body1 as="p">
            Sync finished: {formatCount(finished.counts.added)} added,{' '}
            {formatCount(finished.counts.updated)} updated, {formatCount(finished.counts.removed)}{' '}
            removed.
          </Body1>
        )}
        {running && (
          <>
            <ProgressBar aria-label="Sync progress" thickness="large" />
            <Body1 as="p">
              Syncing:{' '}
              {progress === null
                ? 'starting…'
                : `read ${formatCount(progress.users)} users in ${formatCount(progress.pages)} pages so far`}
            </Body1>
          </>
        )}
      </div>
      {syncNow.isError && <ErrorState what="Sync Now" error={syncNow.error} />}
      <div className={styles.actions}>
        <Button
          appearance="primary"
          icon={<ArrowSync20Regular />}
          disabled={running || syncNow.isPending || !status.isSuccess}
          onClick={() => syncNow.mutate()}
        >
          Sync Now
        </Button>
      </div>
    </Card>
  );
}
