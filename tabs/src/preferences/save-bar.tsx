import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { describeIssuePath } from './describe-issue-path';
import { usePreferencesStyles } from './preferences.styles';
import type { SettingsDraft } from './use-settings-draft';

/** Save and Discard for a settings page, with what went wrong and what to do about it. */
export function SaveBar({ draft }: { draft: SettingsDraft }) {
  const styles = usePreferencesStyles();
  const { problem } = draft;
  const issueList = [...draft.issues].flatMap(([path, messages]) =>
    messages.map((message) => ({
      key: `${path}: ${message}`,
      where: describeIssuePath(draft.settings, path),
      message,
    })),
  );

  return (
    <div className={styles.saveBar} role="region" aria-label="Save settings">
      {problem?.kind === 'stale' && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Someone else saved these settings</MessageBarTitle>
            Another admin saved the settings after you opened them, so yours were not saved. Reload
            to see their version, then make your changes again.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void draft.reload()}>Reload</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {(problem?.kind === 'invalid' || problem?.kind === 'refused') && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>
              {problem.kind === 'invalid'
                ? `Fix ${problem.count === 1 ? 'the problem' : `the ${problem.count} problems`} marked below before saving`
                : 'Roster refused these settings'}
            </MessageBarTitle>
            {problem.kind === 'refused' && issueList.length === 0 ? problem.message : null}
            {issueList.length > 0 && (
              <ul aria-label="Problems">
                {issueList.map((issue) => (
                  <li key={issue.key}>
                    {issue.where}: {issue.message}
                  </li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      {problem?.kind === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The settings were not saved</MessageBarTitle>
            {problem.message} Your changes are still here: try again.
          </MessageBarBody>
        </MessageBar>
      )}
      {draft.saved && (
        <MessageBar intent="success">
          <MessageBarBody>Settings saved. The next sync uses them.</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Button
          appearance="primary"
          disabled={!draft.dirty || draft.saving}
          onClick={draft.save}
          icon={draft.saving ? <Spinner size="tiny" /> : null}
        >
          Save
        </Button>
        <Button disabled={!draft.dirty || draft.saving} onClick={draft.discard}>
          Discard changes
        </Button>
        <Text className={styles.hint} aria-live="polite">
          {draft.saving
            ? 'Saving…'
            : draft.dirty
              ? 'You have unsaved changes.'
              : 'No unsaved changes.'}
        </Text>
      </div>
    </div>
  );
}
