import { Field, Select } from '@fluentui/react-components';
import { NumberInput } from './number-input';
import { usePreferencesStyles } from './preferences.styles';
import { messageAt, type SettingsIssues } from './settings-issues';
import { notificationSettings, type TenantSettings } from './settings-schema';

type Schedule = Pick<TenantSettings, 'scheduleIntervalMinutes' | 'notifications'>;

const notificationLabels = {
  always: 'After every sync',
  changesOrFailures: 'When the directory changed or a sync failed',
  failuresOnly: 'Only when a sync failed or removals are held',
} as const satisfies Record<TenantSettings['notifications'], string>;

/** How often Roster syncs, and when the bot tells the admins. */
export function ScheduleEditor(props: {
  value: Schedule;
  onChange: (value: Schedule) => void;
  issues: SettingsIssues;
}) {
  const styles = usePreferencesStyles();
  const { value, onChange } = props;
  return (
    <div className={styles.row}>
      <NumberInput
        label="Sync interval (minutes)"
        hint="From 15 minutes to 1440 (a day). Sync Now covers the urgent new hire."
        min={15}
        max={1440}
        value={value.scheduleIntervalMinutes}
        message={messageAt(props.issues, 'scheduleIntervalMinutes')}
        onChange={(scheduleIntervalMinutes) => onChange({ ...value, scheduleIntervalMinutes })}
      />
      <Field
        label="Post a summary card to admins"
        validationMessage={messageAt(props.issues, 'notifications')}
      >
        <Select
          value={value.notifications}
          onChange={(_e, d) => {
            const notifications = notificationSettings.find((s) => s === d.value);
            if (notifications !== undefined) onChange({ ...value, notifications });
          }}
        >
          {notificationSettings.map((s) => (
            <option key={s} value={s}>
              {notificationLabels[s]}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
