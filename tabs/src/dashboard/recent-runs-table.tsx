import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { SyncRun } from '../api/types';
import { RouterLink } from '../components/router-link';
import { StatusBadge } from '../components/status-badge';
import {
  formatCount,
  formatDateTime,
  runDuration,
  totalSkipped,
  triggerLabels,
} from '../format/format';

/** Recent runs, newest first, each linking to its details. */
export function RecentRunsTable(props: { runs: readonly SyncRun[] }) {
  return (
    <Table aria-label="Recent runs" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Started</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Trigger</TableHeaderCell>
          <TableHeaderCell>Added</TableHeaderCell>
          <TableHeaderCell>Updated</TableHeaderCell>
          <TableHeaderCell>Removed</TableHeaderCell>
          <TableHeaderCell>Skipped</TableHeaderCell>
          <TableHeaderCell>Duration</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.runs.map((run) => (
          <TableRow key={run.id}>
            <TableCell>
              <RouterLink
                to={`/runs/${run.id}`}
                aria-label={`Run of ${formatDateTime(run.startedAt)}`}
              >
                {formatDateTime(run.startedAt)}
              </RouterLink>
            </TableCell>
            <TableCell>
              <StatusBadge status={run.status} />
            </TableCell>
            <TableCell>{triggerLabels[run.trigger]}</TableCell>
            <TableCell>{formatCount(run.counts.added)}</TableCell>
            <TableCell>{formatCount(run.counts.updated)}</TableCell>
            <TableCell>{formatCount(run.counts.removed)}</TableCell>
            <TableCell>{formatCount(totalSkipped(run))}</TableCell>
            <TableCell>{runDuration(run)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
