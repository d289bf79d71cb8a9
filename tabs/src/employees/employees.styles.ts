import { makeStyles, tokens } from '@fluentui/react-components';

/** Height of one grid row, in pixels: the virtualiser's estimate and the row's real height. */
export const rowHeight = 40;

export const useEmployeesStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  toolbar: {
    display: 'flex',
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
  },
  search: { minWidth: '280px', flexGrow: 1, maxWidth: '480px' },
  summary: { color: tokens.colorNeutralForeground3, marginInlineStart: 'auto' },
  viewport: {
    height: 'calc(100vh - 260px)',
    minHeight: '320px',
    overflow: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  grid: { minWidth: 'max-content', position: 'relative' },
  // Fixed-width columns, laid out by count: header and rows line up whatever the fields are.
  row: {
    display: 'grid',
    gridAutoFlow: 'column',
    gridAutoColumns: '200px',
    alignItems: 'center',
    height: `${rowHeight}px`,
    boxSizing: 'border-box',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  bodyRow: {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selectedRow: { backgroundColor: tokens.colorNeutralBackground1Selected },
  headerRow: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground2,
    fontWeight: tokens.fontWeightSemibold,
  },
  cell: {
    paddingInline: tokens.spacingHorizontalM,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  nameButton: {
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    textAlign: 'start',
  },
  status: { padding: tokens.spacingHorizontalL },
});
