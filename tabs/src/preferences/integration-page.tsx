import { Text, Title2 } from '@fluentui/react-components';
import { CleanUpEditor } from './clean-up-editor';
import { ConnectivityPanel } from './connectivity-panel';
import { EmailMappingsEditor } from './email-mappings-editor';
import { FiltersEditor } from './filters-editor';
import { LinkPanel } from './link-panel';
import { LoadError, SettingsSkeleton } from './page-states';
import { usePreferencesStyles } from './preferences.styles';
import { PreviewPanel } from './preview-panel';
import { SaveBar } from './save-bar';
import { ScheduleEditor } from './schedule-editor';
import { SettingsSection } from './settings-section';
import { useAttributes } from './use-attributes';
import { useSettingsDraft } from './use-settings-draft';
import { isNotLinked } from './use-tenant-settings';

/**
 * Preferences › Integration › Entra ID: the link, email mappings, filters with Preview,
 * Check Connectivity, Clean Up and the schedule, saved together.
 */
export function IntegrationPage() {
  const styles = usePreferencesStyles();
  const { query, draft } = useSettingsDraft();
  const attributes = useAttributes(draft !== undefined);
  const notLinked = query.isError && isNotLinked(query.error);

  return (
    <section className={styles.page} aria-labelledby="integration-title">
      <div className={styles.sectionHeader}>
        <Title2 as="h1" id="integration-title">
          Entra ID
        </Title2>
        <Text className={styles.hint}>
          Where Roster reads your directory from, and which users it imports.
        </Text>
      </div>
      <SettingsSection title="Entra ID account">
        {query.isPending ? (
          <SettingsSkeleton label="Loading the link" />
        ) : notLinked ? (
          <LinkPanel tenant={null} />
        ) : query.isError ? (
          <LoadError what="the link" error={query.error} retry={() => void query.refetch()} />
        ) : (
          <LinkPanel tenant={draft?.tenant ?? null} />
        )}
      </SettingsSection>
      {draft !== undefined && (
        <>
          <SettingsSection
            title="Connectivity"
            description="Whether Roster holds every permission a sync needs."
          >
            <ConnectivityPanel />
          </SettingsSection>
          <SettingsSection title="Email addresses">
            <EmailMappingsEditor
              value={draft.settings.email}
              onChange={(email) => draft.update((s) => ({ ...s, email }))}
            />
          </SettingsSection>
          <SettingsSection
            title="Filters"
            description="Who is an employee: users the filters leave out are not imported."
          >
            <FiltersEditor
              value={draft.settings.filters}
              onChange={(filters) => draft.update((s) => ({ ...s, filters }))}
              issues={draft.issues}
              attributes={attributes}
            />
          </SettingsSection>
          <SettingsSection
            title="Preview"
            description="Who the next full sync would import, and who it would leave out and why."
          >
            <PreviewPanel
              draft={draft.dirty ? draft.settings : undefined}
              invalid={draft.dirty && draft.issues.size > 0}
            />
          </SettingsSection>
          <SettingsSection title="Clean Up">
            <CleanUpEditor
              value={draft.settings}
              onChange={({ cleanUp, deletionThreshold }) =>
                draft.update((s) => ({ ...s, cleanUp, deletionThreshold }))
              }
              issues={draft.issues}
            />
          </SettingsSection>
          <SettingsSection title="Schedule">
            <ScheduleEditor
              value={draft.settings}
              onChange={({ scheduleIntervalMinutes, notifications }) =>
                draft.update((s) => ({ ...s, scheduleIntervalMinutes, notifications }))
              }
              issues={draft.issues}
            />
          </SettingsSection>
          <SaveBar draft={draft} />
        </>
      )}
    </section>
  );
}
