import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  CheckmarkCircleFilled,
  DismissCircleFilled,
  SubtractCircleRegular,
} from '@fluentui/react-icons';
import type { ConnectivityStep } from '../../../api/src/contracts/api.js';
import { usePreferencesStyles } from './preferences.styles';
import { useConnectivityCheck } from './use-connectivity-check';

const useStyles = makeStyles({
  step: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    alignItems: 'start',
  },
  passed: { color: tokens.colorPaletteGreenForeground1, fontSize: tokens.fontSizeBase500 },
  failed: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase500 },
  skipped: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase500 },
  details: {
    gridColumn: '2',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
});

const statusText = { passed: 'Passed', failed: 'Failed', skipped: 'Skipped' } as const;

function StepIcon({ status }: { status: ConnectivityStep['status'] }) {
  const styles = useStyles();
  if (status === 'passed') return <CheckmarkCircleFilled className={styles.passed} aria-hidden />;
  if (status === 'failed') return <DismissCircleFilled className={styles.failed} aria-hidden />;
  return <SubtractCircleRegular className={styles.skipped} aria-hidden />;
}

/** Check Connectivity: each read a sync makes, its result, and the fix for what failed. */
export function ConnectivityPanel() {
  const styles = useStyles();
  const shared = usePreferencesStyles();
  const check = useConnectivityCheck();
  const report = check.data;

  return (
    <div className={shared.stack}>
      <div className={shared.row}>
        <Button
          icon={check.isPending ? <Spinner size="tiny" /> : null}
          disabled={check.isPending}
          onClick={() => check.mutate()}
        >
          Check Connectivity
        </Button>
        <Text aria-live="polite" className={shared.hint}>
          {check.isPending
            ? 'Checking each permission Roster needs…'
            : report === undefined
              ? 'Tries every read a sync makes, with the permission each one needs.'
              : report.ok
                ? 'All checks passed: Roster can sync.'
                : 'Some checks failed: see what to do below.'}
        </Text>
      </div>
      {check.isError && (
        <MessageBar intent="error">
          <MessageBarBody>
            The check could not run: {check.error.message} Try again in a moment.
          </MessageBarBody>
        </MessageBar>
      )}
      {report !== undefined && (
        <ol className={shared.list} aria-label="Connectivity checks">
          {report.steps.map((step) => (
            <li
              key={step.step}
              className={styles.step}
              aria-label={`${step.title}: ${statusText[step.status]}`}
            >
              <StepIcon status={step.status} />
              <div className={shared.row}>
                <Text weight="semibold">{step.title}</Text>
                <Badge
                  appearance="tint"
                  color={
                    step.status === 'passed'
                      ? 'success'
                      : step.status === 'failed'
                        ? 'danger'
                        : 'informative'
                  }
                >
                  {statusText[step.status]}
                </Badge>
                {step.status !== 'skipped' && <Text className={shared.hint}>{step.ms} ms</Text>}
              </div>
              <div className={styles.details}>
                <Text>{step.detail}</Text>
                {step.permission !== undefined && (
                  <Text>
                    Needs the application permission <strong>{step.permission}</strong>.
                  </Text>
                )}
                {step.fix !== undefined && <Text>To fix: {step.fix}</Text>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
