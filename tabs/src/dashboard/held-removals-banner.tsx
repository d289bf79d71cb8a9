import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import type { SyncRun } from '../api/types';
import { useResolveHeldRemovals } from '../api/use-resolve-held-removals';
import { ErrorState } from '../components/error-state';
import { RouterLink } from '../components/router-link';
import { formatCount } from '../format/format';

/**
 * Removals over the deletion threshold wait for an admin: Confirm removals removes the held
 * employees now, Discard keeps them.
 */
export function HeldRemovalsBanner(props: { run: SyncRun }) {
  const { run } = props;
  const resolve = useResolveHeldRemovals();
  const held = run.counts.held;
  return (
    <>
      <MessageBar intent="warning" layout="multiline" aria-label="Held removals">
        <MessageBarBody>
          <MessageBarTitle>
            {formatCount(held)} {held === 1 ? 'removal is' : 'removals are'} waiting for you
          </MessageBarTitle>
          {run.heldBecause ?? 'The last sync would remove more employees than Clean Up allows.'}{' '}
          Check who they are in the <RouterLink to={`/runs/${run.id}`}>run details</RouterLink>,
          then confirm the removals or discard them to keep these employees.
        </MessageBarBody>
        <MessageBarActions>
          <Button
            appearance="primary"
            disabled={resolve.isPending}
            onClick={() => resolve.mutate({ runId: run.id, action: 'confirm' })}
          >
            Confirm removals
          </Button>
          <Button
            disabled={resolve.isPending}
            onClick={() => resolve.mutate({ runId: run.id, action: 'discard' })}
          >
            Discard
          </Button>
        </MessageBarActions>
      </MessageBar>
      {resolve.isError && <ErrorState what="Held removals" error={resolve.error} />}
    </>
  );
}

/** Whether a run's removals are held and still wait for an answer. */
export function hasUnresolvedHold(run: SyncRun | null | undefined): run is SyncRun {
  return run?.status === 'held' && run.resolution === undefined && run.counts.held > 0;
}
