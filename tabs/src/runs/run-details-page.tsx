import {
  Body1,
  Card,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title2,
} from '@fluentui/react-components';
import { useParams } from 'react-router';
import type { SyncRun } from '../api/types';
import { useRun } from '../api/use-run';
import { ErrorState } from '../components/error-state';
import { LoadingSkeleton } from '../components/loading-skeleton';
import { RouterLink } from '../components/router-link';
import { StatusBadge } from '../components/status-badge';
import { HeldRemovalsBanner, hasUnresolvedHold } from '../dashboard/held-removals-banner';
import { RunCounts } from '../dashboard/last-run-card';
import {
  formatCount,
  formatDateTime,
  runDuration,
  skipReasonLabel,
  triggerLabels,
} from '../format/format';
import { RunChanges } from './run-changes';
import { useRunDetailsStyles } from './run-details.styles';

const failureText: Record<string, string> = {
  'not-authorized':
    'Entra ID refused Roster: consent was revoked or a permission is missing. Run Check Connectivity under Preferences › Integration.',
  unavailable: 'Microsoft Graph kept failing after every retry. The next run tries again.',
  interrupted: 'The server running it stopped before it ended. The next run starts afresh.',
  error: 'An unexpected error stopped the run. The next run tries again.',
};

/** Everything one run did: counts, changes field by field, skips with reasons, holds, errors. */
export function RunDetailsPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const styles = useRunDetailsStyles();
  return (
    <div className={styles.page}>
      <RouterLink to="/">Back to the dashboard</RouterLink>
      {run.isPending && <LoadingSkeleton label="Loading the run" lines={6} />}
      {run.isError && <ErrorState error={run.error} onRetry={() => void run.refetch()} />}
      {run.isSuccess && <RunDetails run={run.data} />}
    </div>
  );
}

function RunDetails(props: { run: SyncRun }) {
  const { run } = props;
  const styles = useRunDetailsStyles();
  const skipped = Object.entries(run.counts.skipped).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <div className={styles.heading}>
        <Title2 as="h1">Run of {formatDateTime(run.startedAt)}</Title2>
        <StatusBadge status={run.status} />
      </div>
      {hasUnresolvedHold(run) && <HeldRemovalsBanner run={run} />}
      {run.failure !== undefined && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The run failed</MessageBarTitle>
            {failureText[run.failure] ?? run.failure}
          </MessageBarBody>
        </MessageBar>
      )}
      <Card className={styles.card} aria-labelledby="counts-title">
        <Subtitle1 as="h2" id="counts-title">
          Counts
        </Subtitle1>
        <RunCounts run={run} />
        <dl className={styles.facts}>
          <dt className={styles.term}>Trigger</dt>
          <dd className={styles.value}>{triggerLabels[run.trigger]}</dd>
          <dt className={styles.term}>Round</dt>
          <dd className={styles.value}>
            {run.round === 'full' ? 'Full: every user read' : 'Changes only (delta)'}
          </dd>
          <dt className={styles.term}>Started</dt>
          <dd className={styles.value}>{formatDateTime(run.startedAt)}</dd>
          <dt className={styles.term}>Ended</dt>
          <dd className={styles.value}>
            {run.endedAt === null ? 'Still running' : formatDateTime(run.endedAt)}
          </dd>
          <dt className={styles.term}>Duration</dt>
          <dd className={styles.value}>{runDuration(run)}</dd>
          <dt className={styles.term}>Unchanged</dt>
          <dd className={styles.value}>{formatCount(run.counts.unchanged)}</dd>
        </dl>
      </Card>
      {(run.counts.held > 0 || run.resolution !== undefined) && (
        <Card className={styles.card} aria-labelledby="held-title">
          <Subtitle1 as="h2" id="held-title">
            Held removals
          </Subtitle1>
          <Body1 as="p">
            {run.heldBecause ?? `${formatCount(run.counts.held)} removals were held.`}{' '}
            {run.resolution === undefined
              ? 'They wait for an administrator: see the Held tab below for who they are.'
              : `${run.resolution.by.name} ${run.resolution.action === 'confirmed' ? `confirmed them (${formatCount(run.resolution.removed)} removed)` : 'discarded them (the employees stay)'} on ${formatDateTime(run.resolution.at)}.`}
          </Body1>
        </Card>
      )}
      {skipped.length > 0 && (
        <Card className={styles.card} aria-labelledby="skipped-title">
          <Subtitle1 as="h2" id="skipped-title">
            Skipped users by reason
          </Subtitle1>
          <Table aria-label="Skipped users by reason" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Reason</TableHeaderCell>
                <TableHeaderCell>Users</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {skipped.map(([code, count]) => (
                <TableRow key={code}>
                  <TableCell>{skipReasonLabel(code)}</TableCell>
                  <TableCell>{formatCount(count)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      {run.errors.length > 0 && (
        <Card className={styles.card} aria-labelledby="errors-title">
          <Subtitle1 as="h2" id="errors-title">
            Errors
          </Subtitle1>
          <ul className={styles.errors}>
            {run.errors.map((error, i) => (
              <li key={i}>{error}</li>
            ))}
          </ul>
        </Card>
      )}
      <Card className={styles.card} aria-labelledby="changes-title">
        <Subtitle1 as="h2" id="changes-title">
          Changes
        </Subtitle1>
        <RunChanges runId={run.id} />
      </Card>
    </>
  );
}
