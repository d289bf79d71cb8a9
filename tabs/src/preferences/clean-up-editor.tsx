import { Switch, Text } from '@fluentui/react-components';
import { NumberInput } from './number-input';
import { usePreferencesStyles } from './preferences.styles';
import { messageAt, type SettingsIssues } from './settings-issues';
import type { TenantSettings } from './settings-schema';

type CleanUp = Pick<TenantSettings, 'cleanUp' | 'deletionThreshold'>;

/** Clean Up and its deletion threshold: above either limit, removals wait for an admin. */
export function CleanUpEditor(props: {
  value: CleanUp;
  onChange: (value: CleanUp) => void;
  issues: SettingsIssues;
}) {
  const styles = usePreferencesStyles();
  const { value, onChange } = props;
  const threshold = value.deletionThreshold;
  return (
    <div className={styles.stack}>
      <Switch
        label="Clean Up"
        checked={value.cleanUp}
        onChange={(_e, d) => onChange({ ...value, cleanUp: d.checked })}
      />
      <Text className={styles.hint}>
        {value.cleanUp
          ? 'Employees who leave Entra ID or stop matching the filters are removed from the directory.'
          : 'Off: nobody is ever removed from the directory. Preview shows what Clean Up would remove.'}
      </Text>
      <Text weight="semibold">Deletion threshold</Text>
      <Text className={styles.hint}>
        When one sync would remove more than either limit, it removes nobody and waits for an admin
        to confirm or discard the removals.
      </Text>
      <div className={styles.row}>
        <NumberInput
          label="Percent of the directory"
          min={0}
          max={100}
          value={threshold.percent}
          disabled={!value.cleanUp}
          message={messageAt(props.issues, 'deletionThreshold.percent')}
          onChange={(percent) =>
            onChange({ ...value, deletionThreshold: { ...threshold, percent } })
          }
        />
        <NumberInput
          label="Number of employees"
          min={0}
          max={1_000_000}
          value={threshold.absolute}
          disabled={!value.cleanUp}
          message={messageAt(props.issues, 'deletionThreshold.absolute')}
          onChange={(absolute) =>
            onChange({ ...value, deletionThreshold: { ...threshold, absolute } })
          }
        />
      </div>
    </div>
  );
}
