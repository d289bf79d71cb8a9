import { Badge } from '@fluentui/react-components';
import type { SyncRun } from '../api/types';
import { statusColor, statusLabels } from '../format/format';

/** A run's status as a coloured badge with its name in words (never colour alone). */
export function StatusBadge(props: { status: SyncRun['status'] }) {
  return (
    <Badge appearance="tint" color={statusColor(props.status)}>
      {statusLabels[props.status]}
    </Badge>
  );
}
