import {
  Button,
  Field,
  Input,
  Switch,
  Text,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import {
  AddRegular,
  ArrowDownRegular,
  ArrowUpRegular,
  DeleteRegular,
  EditRegular,
  ReOrderDotsVerticalRegular,
} from '@fluentui/react-icons';
import { useEffect, useId, useState, type DragEvent, type KeyboardEvent } from 'react';
import { AttributePickerDialog, type AttributesSource } from './attribute-picker-dialog';
import { fieldKeyFor } from './field-keys';
import { usePreferencesStyles } from './preferences.styles';
import { messageAt, type SettingsIssues } from './settings-issues';
import { emailFieldKey, type FieldSetting } from './settings-schema';

/** A stored employee whose values stand beside the fields, and the fields they were synced with. */
export interface FieldSample {
  readonly name: string;
  readonly values: Readonly<Record<string, string | null>>;
  readonly savedFields: readonly FieldSetting[];
}

// One template for the header and every row, so their columns line up.
const columns = '32px minmax(10rem, 1.2fr) minmax(10rem, 1.2fr) minmax(8rem, 1fr) 10rem';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: columns,
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  header: {
    display: 'grid',
    gridTemplateColumns: columns,
    gap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderLeft: `${tokens.strokeWidthThin} solid transparent`,
    color: tokens.colorNeutralForeground3,
    fontWeight: tokens.fontWeightSemibold,
  },
  dropTarget: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`,
  },
  disabledRow: { backgroundColor: tokens.colorNeutralBackground3 },
  handle: { cursor: 'grab' },
  source: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  path: {
    fontFamily: tokens.fontFamilyMonospace,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  sample: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
});

type Control = 'up' | 'down' | 'handle' | 'label' | 'remap';

/** Moves one element of a list from `from` to `to`. */
function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/** What a field's sample value cell says. */
function sampleText(field: FieldSetting, sample: FieldSample | null | undefined): string {
  if (sample === undefined) return 'Loading…';
  if (sample === null) return 'No sample yet';
  const saved = sample.savedFields.find((f) => f.key === field.key);
  if (saved?.source !== field.source || !saved.enabled) return 'Shown after the next sync';
  const value = sample.values[field.key];
  return value === null || value === undefined || value === '' ? '(empty)' : value;
}

/**
 * Preferences › Fields: the ordered fields, each with its label, the Entra ID attribute it
 * maps and a stored employee's value. Reorder by dragging the handle, by its arrow keys, or
 * with Move up / Move down.
 */
export function FieldsEditor(props: {
  fields: readonly FieldSetting[];
  onChange: (fields: FieldSetting[]) => void;
  issues: SettingsIssues;
  attributes: AttributesSource;
  /** undefined while loading, null when no employee is stored yet. */
  sample: FieldSample | null | undefined;
}) {
  const styles = useStyles();
  const shared = usePreferencesStyles();
  const { fields, onChange } = props;
  const idPrefix = useId();
  const [picker, setPicker] = useState<{ mode: 'add' } | { mode: 'remap'; key: string } | null>(
    null,
  );
  const [announcement, setAnnouncement] = useState('');
  const [focusNext, setFocusNext] = useState<{ key: string; control: Control } | null>(null);
  const [dragged, setDragged] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);

  const controlId = (key: string, control: string) => `${idPrefix}-${key}-${control}`;

  useEffect(() => {
    if (focusNext === null) return;
    document.getElementById(controlId(focusNext.key, focusNext.control))?.focus();
    setFocusNext(null);
  });

  const labelOf = (field: FieldSetting) => field.label.trim() || field.key;

  const move = (from: number, to: number, control: Control) => {
    const field = fields[from];
    if (field === undefined || to < 0 || to >= fields.length || from === to) return;
    onChange(moved(fields, from, to));
    setAnnouncement(`${labelOf(field)} moved to position ${to + 1} of ${fields.length}.`);
    // The control that moved may now be disabled (first or last row): focus its sibling.
    const next: Control =
      control === 'up' && to === 0
        ? 'down'
        : control === 'down' && to === fields.length - 1
          ? 'up'
          : control;
    setFocusNext({ key: field.key, control: next });
  };

  const replace = (index: number, change: Partial<FieldSetting>) => {
    onChange(fields.map((f, i) => (i === index ? { ...f, ...change } : f)));
  };

  const remove = (index: number) => {
    const field = fields[index];
    if (field === undefined) return;
    onChange(fields.filter((_f, i) => i !== index));
    setAnnouncement(`${labelOf(field)} removed. Discard changes brings it back.`);
    const neighbour = fields[index + 1] ?? fields[index - 1];
    if (neighbour !== undefined) setFocusNext({ key: neighbour.key, control: 'handle' });
  };

  const onHandleKey = (event: KeyboardEvent, index: number) => {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      move(index, event.key === 'ArrowUp' ? index - 1 : index + 1, 'handle');
    }
  };

  const onDrop = (event: DragEvent, index: number) => {
    event.preventDefault();
    if (dragged !== null) move(dragged, index, 'handle');
    setDragged(null);
    setDropAt(null);
  };

  const pick = (path: string) => {
    if (picker?.mode === 'remap') {
      const index = fields.findIndex((f) => f.key === picker.key);
      replace(index, { source: path });
      setFocusNext({ key: picker.key, control: 'remap' });
    } else {
      const taken = new Set(fields.map((f) => f.key));
      const key = fieldKeyFor(path, taken);
      const known = props.attributes.data?.attributes.find((a) => a.path === path);
      const label = (known?.label ?? key).slice(0, 64);
      onChange([...fields, { key, label, source: path, enabled: true }]);
      setAnnouncement(`${label} added as field ${fields.length + 1}.`);
      setFocusNext({ key, control: 'label' });
    }
    setPicker(null);
  };

  const remapped = picker?.mode === 'remap' ? fields.find((f) => f.key === picker.key) : undefined;
  const handleHint = `${idPrefix}-handle-hint`;

  return (
    <div className={shared.stack}>
      <Text id={handleHint} className={shared.hint}>
        Drag a field by its handle, or focus the handle and press the Up and Down arrow keys, to
        change the column order of the Employees view.
      </Text>
      {props.sample === null && (
        <Text className={shared.hint}>
          No employee is stored yet: sample values appear here after the first sync.
        </Text>
      )}
      {props.sample !== null && props.sample !== undefined && (
        <Text className={shared.hint}>
          Sample values are {props.sample.name}'s, as last synced.
        </Text>
      )}
      {fields.length === 0 && (
        <Text>No fields: Roster would store only each employee's email. Add a field below.</Text>
      )}
      {fields.length > 0 && (
        // The controls of each row carry these names themselves; this row is for the eye.
        <div className={styles.header} aria-hidden>
          <span />
          <span>Label</span>
          <span>Entra ID attribute</span>
          <span>Sample value</span>
          <span>Import and order</span>
        </div>
      )}
      <ol className={shared.list} aria-label="Fields">
        {fields.map((field, index) => {
          const label = labelOf(field);
          const isEmail = field.key === emailFieldKey;
          return (
            <li
              key={field.key}
              aria-label={label}
              className={mergeClasses(
                styles.row,
                !field.enabled && styles.disabledRow,
                dropAt === index && styles.dropTarget,
              )}
              onDragOver={(e) => {
                if (dragged === null) return;
                e.preventDefault();
                setDropAt(index);
              }}
              onDragLeave={() => setDropAt((at) => (at === index ? null : at))}
              onDrop={(e) => onDrop(e, index)}
            >
              <Button
                id={controlId(field.key, 'handle')}
                className={styles.handle}
                appearance="subtle"
                icon={<ReOrderDotsVerticalRegular />}
                aria-label={`Reorder ${label}, position ${index + 1} of ${fields.length}`}
                aria-describedby={handleHint}
                draggable
                onDragStart={(e) => {
                  setDragged(index);
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', field.key);
                  const row = e.currentTarget.closest('li');
                  if (row !== null) e.dataTransfer.setDragImage(row, 16, 16);
                }}
                onDragEnd={() => {
                  setDragged(null);
                  setDropAt(null);
                }}
                onKeyDown={(e) => onHandleKey(e, index)}
              />
              <Field
                label={{ children: 'Label', className: shared.visuallyHidden }}
                validationMessage={messageAt(props.issues, `fields.${index}.label`)}
              >
                <Input
                  id={controlId(field.key, 'label')}
                  value={field.label}
                  onChange={(_e, d) => replace(index, { label: d.value })}
                />
              </Field>
              <Field
                label={{ children: 'Entra ID attribute', className: shared.visuallyHidden }}
                validationMessage={messageAt(props.issues, `fields.${index}.source`)}
                hint={isEmail ? 'Filled by email resolution (Integration › Email).' : null}
              >
                <div className={styles.source}>
                  <Text className={styles.path} title={field.source}>
                    {field.source}
                  </Text>
                  {!isEmail && (
                    <Tooltip content="Change the Entra ID attribute" relationship="description">
                      <Button
                        id={controlId(field.key, 'remap')}
                        size="small"
                        appearance="subtle"
                        icon={<EditRegular />}
                        aria-label={`Change attribute of ${label}`}
                        onClick={() => setPicker({ mode: 'remap', key: field.key })}
                      />
                    </Tooltip>
                  )}
                </div>
              </Field>
              <Text className={styles.sample} aria-label={`Sample value of ${label}`}>
                {sampleText(field, props.sample)}
              </Text>
              <div className={styles.actions}>
                <Switch
                  checked={field.enabled}
                  aria-label={`Import ${label}`}
                  onChange={(_e, d) => replace(index, { enabled: d.checked })}
                />
                <Button
                  id={controlId(field.key, 'up')}
                  appearance="subtle"
                  icon={<ArrowUpRegular />}
                  aria-label="Move up"
                  aria-description={label}
                  disabled={index === 0}
                  onClick={() => move(index, index - 1, 'up')}
                />
                <Button
                  id={controlId(field.key, 'down')}
                  appearance="subtle"
                  icon={<ArrowDownRegular />}
                  aria-label="Move down"
                  aria-description={label}
                  disabled={index === fields.length - 1}
                  onClick={() => move(index, index + 1, 'down')}
                />
                <Button
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={`Remove ${label}`}
                  onClick={() => remove(index)}
                />
              </div>
            </li>
          );
        })}
      </ol>
      <div className={shared.row}>
        <Button icon={<AddRegular />} onClick={() => setPicker({ mode: 'add' })}>
          Add field
        </Button>
        <Text className={shared.hint}>{fields.length} of 60 fields</Text>
      </div>
      <div className={shared.visuallyHidden} aria-live="polite">
        {announcement}
      </div>
      <AttributePickerDialog
        open={picker !== null}
        title={
          remapped === undefined ? 'Add a field' : `Change the attribute of ${labelOf(remapped)}`
        }
        attributes={props.attributes}
        used={new Set(fields.map((f) => f.source))}
        onPick={pick}
        onClose={() => setPicker(null)}
      />
    </div>
  );
}
