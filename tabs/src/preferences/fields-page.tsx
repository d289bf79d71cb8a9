import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Title2,
} from '@fluentui/react-components';
import { RouterLink } from '../components/router-link';
import { FieldsEditor, type FieldSample } from './fields-editor';
import { LoadError, SettingsSkeleton } from './page-states';
import { usePreferencesStyles } from './preferences.styles';
import { SaveBar } from './save-bar';
import { useAttributes } from './use-attributes';
import { useSampleEmployee } from './use-sample-employee';
import { useSettingsDraft } from './use-settings-draft';
import { isNotLinked } from './use-tenant-settings';

/** Preferences › Fields: which Entra ID attributes Roster stores, labelled and ordered. */
export function FieldsPage() {
  const styles = usePreferencesStyles();
  const { query, draft } = useSettingsDraft();
  const linked = draft !== undefined;
  const attributes = useAttributes(linked);
  const sample = useSampleEmployee(linked);

  const fieldSample: FieldSample | null | undefined =
    draft === undefined || sample.isLoading
      ? undefined
      : sample.data === null || sample.data === undefined
        ? null
        : {
            name: sample.data.fields['displayName'] ?? sample.data.email,
            values: sample.data.fields,
            savedFields: query.data?.tenant.settings.fields ?? [],
          };

  return (
    <section className={styles.page} aria-labelledby="fields-title">
      <div className={styles.sectionHeader}>
        <Title2 as="h1" id="fields-title">
          Fields
        </Title2>
        <Text className={styles.hint}>
          The employee fields Roster imports from Entra ID, in the order the Employees view shows
          them.
        </Text>
      </div>
      {query.isPending && <SettingsSkeleton label="Loading the fields" />}
      {query.isError && isNotLinked(query.error) && (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>Roster is not linked to Entra ID yet</MessageBarTitle>
            <RouterLink to="/preferences/integration">Link your Entra ID account</RouterLink> first;
            the fields can be chosen once Roster can read your directory.
          </MessageBarBody>
        </MessageBar>
      )}
      {query.isError && !isNotLinked(query.error) && (
        <LoadError what="the settings" error={query.error} retry={() => void query.refetch()} />
      )}
      {draft !== undefined && (
        <>
          <section className={styles.section} aria-label="Field list">
            <FieldsEditor
              fields={draft.settings.fields}
              onChange={(fields) => draft.update((s) => ({ ...s, fields }))}
              issues={draft.issues}
              attributes={attributes}
              sample={fieldSample}
            />
          </section>
          <SaveBar draft={draft} />
        </>
      )}
    </section>
  );
}
