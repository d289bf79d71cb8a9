import { makeStyles, tokens } from '@fluentui/react-components';

export const useRunDetailsStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  heading: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalM },
  card: { rowGap: tokens.spacingVerticalS },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  diffs: { margin: 0, paddingInlineStart: 0, listStyleType: 'none' },
  before: { textDecorationLine: 'line-through', color: tokens.colorNeutralForeground3 },
  errors: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  more: { alignSelf: 'flex-start' },
});
