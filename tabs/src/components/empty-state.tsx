import { Body1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

/** Nothing to show yet: says why, and what to do about it. */
export function EmptyState(props: { title: string; children: ReactNode; action?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.root} role="status">
      <Subtitle2 as="h3">{props.title}</Subtitle2>
      <Body1>{props.children}</Body1>
      {props.action}
    </div>
  );
}
