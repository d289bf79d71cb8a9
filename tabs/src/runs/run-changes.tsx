import {
  Button,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { RunChange } from '../api/types';
import { useRunChanges } from '../api/use-run-changes';
import { EmptyState } from '../components/empty-state';
import { ErrorState } from '../components/error-state';
import { LoadingSkeleton } from '../components/loading-skeleton';
import { useRunDetailsStyles } from './run-details.styles';

type Kind = RunChange['kind'];
const kinds: readonly { value: Kind | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'added', label: 'Added' },
  { value: 'updated', label: 'Updated' },
  { value: 'removed', label: 'Removed' },
  { value: 'skipped', label: 'Skipped' },
  { value: 'held', label: 'Held' },
];
const kindLabel = (kind: Kind) => kinds.find((k) => k.value === kind)?.label ?? kind;

/** What the change did: field-level before and after, or the reason. */
function ChangeDetail(props: { change: RunChange }) {
  const styles = useRunDetailsStyles();
  const { change } = props;
  switch (change.kind) {
    case 'added':
      return <>Imported</>;
    case 'updated':
      return (
        <ul className={styles.diffs}>
          {change.diffs.map((diff) => (
            <li key={diff.field}>
              {diff.field}: <span className={styles.before}>{diff.before ?? '(empty)'}</span>
              {' → '}
              {diff.after ?? '(empty)'}
            </li>
          ))}
        </ul>
      );
    case 'removed':
    case 'held':
    case 'skipped':
      return <>{change.reason.text}</>;
  }
}

/** A run's history, filtered by kind, a page at a time. */
export function RunChanges(props: { runId: string; initialKind?: Kind }) {
  const styles = useRunDetailsStyles();
  const [kind, setKind] = useState<Kind | 'all'>(props.initialKind ?? 'all');
  const changes = useRunChanges(props.runId, kind === 'all' ? undefined : kind);
  const rows = changes.data?.pages.flatMap((page) => page.changes) ?? [];
  return (
    <>
      <TabList
        aria-label="Kind of change"
        selectedValue={kind}
        onTabSelect={(_event, data) => setKind(data.value as Kind | 'all')}
      >
        {kinds.map((k) => (
          <Tab key={k.value} value={k.value}>
            {k.label}
          </Tab>
        ))}
      </TabList>
      {changes.isPending && <LoadingSkeleton label="Loading the changes" lines={5} />}
      {changes.isError && (
        <ErrorState error={changes.error} onRetry={() => void changes.refetch()} />
      )}
      {changes.isSuccess && rows.length === 0 && (
        <EmptyState title="Nothing here">
          {kind === 'all'
            ? 'This run changed no one: the directory already matched Entra ID.'
            : `No ${kindLabel(kind).toLowerCase()} users in this run. Choose another kind above.`}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <Table aria-label="Changes" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Change</TableHeaderCell>
              <TableHeaderCell>What and why</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((change, i) => (
              <TableRow key={`${change.kind}-${change.employeeId}-${i}`}>
                <TableCell>{change.name ?? change.employeeId}</TableCell>
                <TableCell>{kindLabel(change.kind)}</TableCell>
                <TableCell>
                  <ChangeDetail change={change} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {changes.hasNextPage && (
        <Button
          className={styles.more}
          disabled={changes.isFetchingNextPage}
          onClick={() => void changes.fetchNextPage()}
        >
          {changes.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </Button>
      )}
    </>
  );
}
