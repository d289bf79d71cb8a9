import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Skeleton,
  SkeletonItem,
} from '@fluentui/react-components';
import { usePreferencesStyles } from './preferences.styles';

/** Placeholder rows while settings load. */
export function SettingsSkeleton({ label }: { label: string }) {
  const styles = usePreferencesStyles();
  return (
    <Skeleton aria-label={label} className={styles.stack}>
      {[0, 1, 2, 3, 4].map((i) => (
        <SkeletonItem key={i} size={32} />
      ))}
    </Skeleton>
  );
}

/** A failed load, with what to do next. */
export function LoadError({
  what,
  error,
  retry,
}: {
  what: string;
  error: Error;
  retry: () => void;
}) {
  return (
    <MessageBar intent="error">
      <MessageBarBody>
        <MessageBarTitle>Roster could not load {what}</MessageBarTitle>
        {error.message} Check your connection, then try again.
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={retry}>Try again</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
