import { Body1, Card, CardHeader, Subtitle1 } from '@fluentui/react-components';
import type { SyncRun } from '../api/types';
import { EmptyState } from '../components/empty-state';
import { RouterLink } from '../components/router-link';
import { StatusBadge } from '../components/status-badge';
import {
  formatCount,
  formatDateTime,
  runDuration,
  totalSkipped,
  triggerLabels,
} from '../format/format';
import { useDashboardStyles } from './dashboard.styles';

/** The counts of a run: added, updated, removed, skipped, held. */
export function RunCounts(props: { run: SyncRun }) {
  const styles = useDashboardStyles();
  const { counts } = props.run;
  const items = [
    ['Added', counts.added],
    ['Updated', counts.updated],
    ['Removed', counts.removed],
    ['Skipped', totalSkipped(props.run)],
    ['Held', counts.held],
  ] as const;
  return (
    <dl className={styles.counts}>
      {items.map(([label, value]) => (
        <div key={label} className={styles.count}>
          <dt className={styles.term}>{label}</dt>
          <dd className={styles.countValue}>{formatCount(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The latest run at a glance, linking to its details. */
export function LastRunCard(props: { run: SyncRun | null | undefined }) {
  const styles = useDashboardStyles();
  const { run } = props;
  return (
    <Card className={styles.card} aria-labelledby="last-run-title">
      <CardHeader
        header={
          <Subtitle1 as="h2" id="last-run-title">
            Last run
          </Subtitle1>
        }
        action={run === null || run === undefined ? null : <StatusBadge status={run.status} />}
      />
      {run === null && (
        <EmptyState title="No sync yet">
          Roster has not synced this tenant. Choose Sync Now to import your directory.
        </EmptyState>
      )}
      {run !== null && run !== undefined && (
        <>
          <RunCounts run={run} />
          <dl className={styles.facts}>
            <dt className={styles.term}>When</dt>
            <dd className={styles.value}>{formatDateTime(run.startedAt)}</dd>
            <dt className={styles.term}>Duration</dt>
            <dd className={styles.value}>{runDuration(run)}</dd>
            <dt className={styles.term}>Trigger</dt>
            <dd className={styles.value}>{triggerLabels[run.trigger]}</dd>
            <dt className={styles.term}>Round</dt>
            <dd className={styles.value}>{run.round === 'full' ? 'Full' : 'Changes only'}</dd>
          </dl>
          {run.errors.length > 0 && (
            <Body1 as="p">
              {run.errors.length === 1 ? 'One error' : `${run.errors.length} errors`}: see the
              details.
            </Body1>
          )}
          <RouterLink to={`/runs/${run.id}`}>Run details</RouterLink>
        </>
      )}
    </Card>
  );
}
