import { Subtitle1, Text } from '@fluentui/react-components';
import { useId, type ReactNode } from 'react';
import { usePreferencesStyles } from './preferences.styles';

/** A titled card of a Preferences page; the title names the region for assistive technology. */
export function SettingsSection(props: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const styles = usePreferencesStyles();
  const id = useId();
  return (
    <section className={styles.section} aria-labelledby={id}>
      <div className={styles.sectionHeader}>
        <Subtitle1 as="h2" id={id}>
          {props.title}
        </Subtitle1>
        {props.description !== undefined && (
          <Text className={styles.hint}>{props.description}</Text>
        )}
      </div>
      {props.children}
    </section>
  );
}
