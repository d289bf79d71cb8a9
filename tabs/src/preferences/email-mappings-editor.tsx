import { Checkbox, Text } from '@fluentui/react-components';
import { usePreferencesStyles } from './preferences.styles';
import type { EmailSettings } from './settings-schema';

const options = [
  {
    name: 'useProxyAddresses',
    label: 'ProxyAddresses array',
    hint: 'The primary SMTP: address first; the other smtp: addresses become aliases.',
  },
  {
    name: 'useOtherMails',
    label: 'Other (Alternative) email array',
    hint: 'The first valid address of otherMails, when neither a proxy address nor mail is set.',
  },
  {
    name: 'useUpnAsEmail',
    label: 'Try to use User Principal Name as Email',
    hint: "Last resort; never a guest's #EXT# name or an onmicrosoft.com one.",
  },
] as const satisfies readonly { name: keyof EmailSettings; label: string; hint: string }[];

/** Where Roster looks for each user's email address, in the order it looks. */
export function EmailMappingsEditor(props: {
  value: EmailSettings;
  onChange: (value: EmailSettings) => void;
}) {
  const styles = usePreferencesStyles();
  return (
    <fieldset className={styles.group}>
      <legend>
        <Text weight="semibold">Email mappings</Text>
      </legend>
      <Text className={styles.hint}>
        Roster takes the first address it finds, in this order; the mail attribute always comes
        right after the proxy addresses.
      </Text>
      {options.map((option) => (
        <div key={option.name}>
          <Checkbox
            label={option.label}
            checked={props.value[option.name]}
            onChange={(_e, d) =>
              props.onChange({ ...props.value, [option.name]: d.checked === true })
            }
          />
          <Text block size={200} className={styles.hint}>
            {option.hint}
          </Text>
        </div>
      ))}
    </fieldset>
  );
}
