import { makeStyles, tokens } from '@fluentui/react-components';
import type { SyncRun } from '../api/types';
import { formatDateTime } from '../format/format';

const series = [
  { key: 'added', label: 'Added' },
  { key: 'updated', label: 'Updated' },
  { key: 'removed', label: 'Removed' },
] as const;

const useStyles = makeStyles({
  // Forced colours would paint every series alike; the theme's own colours tell them apart.
  svg: { width: '100%', height: '160px', display: 'block', forcedColorAdjust: 'none' },
  added: { fill: tokens.colorPaletteGreenBackground3 },
  updated: { fill: tokens.colorBrandBackground },
  removed: { fill: tokens.colorPaletteRedBackground3 },
  axis: { stroke: tokens.colorNeutralStroke1, strokeWidth: 1 },
  legend: {
    display: 'flex',
    columnGap: tokens.spacingHorizontalL,
    listStyleType: 'none',
    padding: 0,
    margin: 0,
    color: tokens.colorNeutralForeground2,
  },
  swatch: {
    display: 'inline-block',
    width: '10px',
    height: '10px',
    marginInlineEnd: tokens.spacingHorizontalXS,
    forcedColorAdjust: 'none',
  },
  addedSwatch: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  updatedSwatch: { backgroundColor: tokens.colorBrandBackground },
  removedSwatch: { backgroundColor: tokens.colorPaletteRedBackground3 },
});

const width = 600;
const height = 160;
const gap = 6;

/**
 * The recent runs' changes as stacked bars, oldest on the left. The picture is decorative
 * for screen readers: every bar has its numbers in a title, and the runs table lists them all.
 */
export function RunsChart(props: { runs: readonly SyncRun[] }) {
  const styles = useStyles();
  const runs = [...props.runs].reverse().slice(-20);
  const totals = runs.map((r) => r.counts.added + r.counts.updated + r.counts.removed);
  const max = Math.max(1, ...totals);
  // Bars keep a reasonable width when there are only a few runs.
  const barWidth =
    runs.length === 0 ? 0 : Math.min(48, (width - gap * (runs.length + 1)) / runs.length);
  const summary = `Changes of the last ${runs.length} runs: ${totals.reduce((a, b) => a + b, 0)} in all.`;
  return (
    <figure aria-label={summary}>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={summary}
      >
        {runs.map((run, i) => {
          const x = gap + i * (barWidth + gap);
          let y = height;
          return (
            <g key={run.id}>
              <title>
                {`${formatDateTime(run.startedAt)}: ${run.counts.added} added, ${run.counts.updated} updated, ${run.counts.removed} removed`}
              </title>
              {series.map(({ key }) => {
                const h = (run.counts[key] / max) * (height - 8);
                y -= h;
                return (
                  <rect key={key} className={styles[key]} x={x} y={y} width={barWidth} height={h} />
                );
              })}
            </g>
          );
        })}
        <line className={styles.axis} x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} />
      </svg>
      <figcaption>
        <ul className={styles.legend}>
          {series.map(({ key, label }) => (
            <li key={key}>
              <span className={`${styles.swatch} ${styles[`${key}Swatch`]}`} aria-hidden />
              {label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
