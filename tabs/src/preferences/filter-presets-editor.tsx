import { Switch, Text } from '@fluentui/react-components';
import { usePreferencesStyles } from './preferences.styles';
import type { PresetSettings } from './settings-schema';

const presets = [
  {
    name: 'excludeDisabled',
    label: 'Exclude disabled accounts',
    hint: 'Accounts that cannot sign in.',
  },
  {
    name: 'excludeGuests',
    label: 'Exclude guests',
    hint: 'Guest users, and user principal names with #EXT#.',
  },
  {
    name: 'excludeSharedMailboxes',
    label: 'Exclude shared mailboxes',
    hint: 'By mailbox type; presumed for disabled, unlicensed accounts without a first name when the type cannot be read.',
  },
  {
    name: 'excludeRoomsAndEquipment',
    label: 'Exclude rooms and equipment',
    hint: "The tenant's rooms, and room or equipment mailboxes.",
  },
  {
    name: 'excludeServiceAccounts',
    label: 'Exclude service accounts',
    hint: 'Names such as svc-, admin-, sync_, noreply, postmaster.',
  },
  {
    name: 'excludeUnlicensed',
    label: 'Exclude unlicensed users',
    hint: 'Off by default: new hires often get their licence days after their account.',
  },
] as const satisfies readonly { name: keyof PresetSettings; label: string; hint: string }[];

/** The filter presets as switches: who is not an employee, out of the box. */
export function FilterPresetsEditor(props: {
  value: PresetSettings;
  onChange: (value: PresetSettings) => void;
}) {
  const styles = usePreferencesStyles();
  return (
    <fieldset className={styles.group}>
      <legend>
        <Text weight="semibold">Presets</Text>
      </legend>
      {presets.map((preset) => (
        <div key={preset.name}>
          <Switch
            label={preset.label}
            checked={props.value[preset.name]}
            onChange={(_e, d) => props.onChange({ ...props.value, [preset.name]: d.checked })}
          />
          <Text block size={200} className={styles.hint}>
            {preset.hint}
          </Text>
        </div>
      ))}
    </fieldset>
  );
}
