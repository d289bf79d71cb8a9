import { Skeleton, SkeletonItem, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
});

/** A few grey lines in the shape of what is loading; announced as loading by its label. */
export function LoadingSkeleton(props: { label: string; lines?: number }) {
  const styles = useStyles();
  return (
    <Skeleton aria-label={props.label} aria-busy className={styles.root}>
      {Array.from({ length: props.lines ?? 3 }, (_, i) => (
        <SkeletonItem key={i} size={i === 0 ? 24 : 16} />
      ))}
    </Skeleton>
  );
}
