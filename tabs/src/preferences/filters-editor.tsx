import type { AttributesSource } from './attribute-picker-dialog';
import { FilterPresetsEditor } from './filter-presets-editor';
import { GroupFilterEditor } from './group-filter-editor';
import { usePreferencesStyles } from './preferences.styles';
import { RuleEditor } from './rule-editor';
import type { SettingsIssues } from './settings-issues';
import type { FilterSettings } from './settings-schema';

/** Which users Roster imports: presets, rules and groups. */
export function FiltersEditor(props: {
  value: FilterSettings;
  onChange: (value: FilterSettings) => void;
  issues: SettingsIssues;
  attributes: AttributesSource;
}) {
  const styles = usePreferencesStyles();
  const { value, onChange } = props;
  return (
    <div className={styles.stack}>
      <FilterPresetsEditor
        value={value.presets}
        onChange={(presets) => onChange({ ...value, presets })}
      />
      <RuleEditor
        rules={value.rules}
        onChange={(rules) => onChange({ ...value, rules })}
        issues={props.issues}
        attributes={props.attributes}
      />
      <GroupFilterEditor
        value={value.groups}
        onChange={(groups) => onChange({ ...value, groups })}
        issues={props.issues}
      />
    </div>
  );
}
