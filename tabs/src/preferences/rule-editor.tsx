import {
  Button,
  Field,
  Input,
  Select,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, SearchRegular } from '@fluentui/react-icons';
import { useEffect, useId, useState } from 'react';
import { describeRule } from '../../../api/src/domain/filters.js';
import { AttributePickerDialog, type AttributesSource } from './attribute-picker-dialog';
import { usePreferencesStyles } from './preferences.styles';
import { messageAt, type SettingsIssues } from './settings-issues';
import { ruleOperators, type FilterRule, type RuleOperator } from './settings-schema';

/** How each operator reads in the editor. */
export const operatorLabels = {
  equals: 'equals',
  notEquals: 'does not equal',
  startsWith: 'starts with',
  endsWith: 'ends with',
  contains: 'contains',
  matches: 'matches the pattern',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  in: 'is one of',
} as const satisfies Record<RuleOperator, string>;

const useStyles = makeStyles({
  rule: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(11rem, 1fr))',
    alignItems: 'start',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  attribute: { display: 'flex', gap: tokens.spacingHorizontalXS },
  attributeInput: { flexGrow: 1, minWidth: 0 },
  summary: {
    gridColumn: '1 / -1',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
  },
  summaryText: { flexGrow: 1, color: tokens.colorNeutralForeground2 },
});

const takesNoValue = (operator: RuleOperator) =>
  operator === 'isEmpty' || operator === 'isNotEmpty';

/** The rule with `value` set, or without one (`exactOptionalPropertyTypes`: no `undefined`). */
function withValue(rule: FilterRule, value: string | string[] | undefined): FilterRule {
  const { value: _old, ...rest } = rule;
  return value === undefined ? rest : { ...rest, value };
}

/** Changes the operator, carrying the value over in the shape the new operator takes. */
export function withOperator(rule: FilterRule, operator: RuleOperator): FilterRule {
  const { value } = rule;
  const next = { ...rule, operator };
  if (takesNoValue(operator)) return withValue(next, undefined);
  if (operator === 'in') return withValue(next, typeof value === 'string' ? [value] : value);
  return withValue(next, Array.isArray(value) ? value[0] : value);
}

const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The values of an `in` rule, one per line; the text is kept as typed, blank lines too. */
function ValuesInput(props: {
  values: readonly string[] | undefined;
  onChange: (values: string[] | undefined) => void;
  message: string | null;
}) {
  const [text, setText] = useState(() => (props.values ?? []).join('\n'));
  // Discard and Reload replace the values: follow them when they differ from the text.
  useEffect(() => {
    if (linesOf(text).join('\n') !== (props.values ?? []).join('\n')) {
      setText((props.values ?? []).join('\n'));
    }
    // Only outside changes of the values matter here, not each keystroke.
  }, [props.values]);
  return (
    <Field label="Values, one per line" validationMessage={props.message}>
      <Textarea
        value={text}
        resize="vertical"
        onChange={(_e, d) => {
          setText(d.value);
          const lines = linesOf(d.value);
          props.onChange(lines.length === 0 ? undefined : lines);
        }}
      />
    </Field>
  );
}

/** A new rule's id: `rule-1`, `rule-2`, … whichever is free. */
function freeRuleId(rules: readonly FilterRule[]): string {
  const taken = new Set(rules.map((r) => r.id));
  let n = rules.length + 1;
  while (taken.has(`rule-${n}`)) n += 1;
  return `rule-${n}`;
}

/**
 * The filter rules: each includes or excludes users by an attribute, with every operator the
 * sync supports. Exclusions always win; with any include rule, users must match one of them.
 */
export function RuleEditor(props: {
  rules: readonly FilterRule[];
  onChange: (rules: FilterRule[]) => void;
  issues: SettingsIssues;
  attributes: AttributesSource;
}) {
  const styles = useStyles();
  const shared = usePreferencesStyles();
  const idPrefix = useId();
  const [pickingFor, setPickingFor] = useState<number | null>(null);
  const [focusRule, setFocusRule] = useState<number | null>(null);
  const { rules, onChange } = props;

  useEffect(() => {
    if (focusRule === null) return;
    document.getElementById(`${idPrefix}-rule-${focusRule}`)?.focus();
    setFocusRule(null);
  });

  const replace = (index: number, rule: FilterRule) => {
    onChange(rules.map((r, i) => (i === index ? rule : r)));
  };
  const at = (index: number, name: string) =>
    messageAt(props.issues, `filters.rules.${index}.${name}`);

  const add = () => {
    onChange([
      ...rules,
      { id: freeRuleId(rules), attribute: 'department', operator: 'equals', action: 'exclude' },
    ]);
    setFocusRule(rules.length);
  };

  return (
    <fieldset className={shared.group}>
      <legend>
        <Text weight="semibold">Rules</Text>
      </legend>
      <Text className={shared.hint}>
        Exclude rules always win. When any include rule exists, a user must match one of them (or be
        in an included group) to be imported. Text comparisons ignore case.
      </Text>
      {rules.length === 0 && <Text>No rules: the presets and groups alone decide.</Text>}
      <ul className={shared.list} aria-label="Rules">
        {rules.map((rule, index) => (
          // Rules have no stable id while their id is being typed; the position is one.
          <li key={index} aria-label={`Rule ${rule.id}`} className={styles.rule}>
            <Field label="Rule name" validationMessage={at(index, 'id')}>
              <Input
                id={`${idPrefix}-rule-${index}`}
                value={rule.id}
                onChange={(_e, d) => replace(index, { ...rule, id: d.value })}
              />
            </Field>
            <Field label="Action" validationMessage={at(index, 'action')}>
              <Select
                value={rule.action}
                onChange={(_e, d) =>
                  replace(index, { ...rule, action: d.value === 'include' ? 'include' : 'exclude' })
                }
              >
                <option value="exclude">Exclude users whose</option>
                <option value="include">Include users whose</option>
              </Select>
            </Field>
            <Field label="Attribute" validationMessage={at(index, 'attribute')}>
              <div className={styles.attribute}>
                <Input
                  className={styles.attributeInput}
                  value={rule.attribute}
                  onChange={(_e, d) => replace(index, { ...rule, attribute: d.value.trim() })}
                />
                <Button
                  icon={<SearchRegular />}
                  aria-label={`Choose the attribute of rule ${rule.id}`}
                  onClick={() => setPickingFor(index)}
                />
              </div>
            </Field>
            <Field label="Operator" validationMessage={at(index, 'operator')}>
              <Select
                value={rule.operator}
                onChange={(_e, d) => {
                  const operator = ruleOperators.find((o) => o === d.value);
                  if (operator !== undefined) replace(index, withOperator(rule, operator));
                }}
              >
                {ruleOperators.map((operator) => (
                  <option key={operator} value={operator}>
                    {operatorLabels[operator]}
                  </option>
                ))}
              </Select>
            </Field>
            {rule.operator === 'in' ? (
              <ValuesInput
                values={Array.isArray(rule.value) ? rule.value : undefined}
                onChange={(values) => replace(index, withValue(rule, values))}
                message={at(index, 'value')}
              />
            ) : takesNoValue(rule.operator) ? null : (
              <Field
                label={rule.operator === 'matches' ? 'Pattern' : 'Value'}
                hint={rule.operator === 'matches' ? 'A regular expression; case is ignored.' : null}
                validationMessage={at(index, 'value')}
              >
                <Input
                  value={typeof rule.value === 'string' ? rule.value : ''}
                  onChange={(_e, d) =>
                    replace(index, withValue(rule, d.value === '' ? undefined : d.value))
                  }
                />
              </Field>
            )}
            <div className={styles.summary}>
              <Text className={styles.summaryText}>
                {rule.action === 'include' ? 'Includes' : 'Excludes'} users whose{' '}
                {describeRule(rule)}.
              </Text>
              <Button
                icon={<DeleteRegular />}
                onClick={() => onChange(rules.filter((_r, i) => i !== index))}
              >
                Remove rule {rule.id}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <div>
        <Button icon={<AddRegular />} onClick={add} disabled={rules.length >= 50}>
          Add rule
        </Button>
      </div>
      <AttributePickerDialog
        open={pickingFor !== null}
        title="Choose the attribute the rule reads"
        attributes={props.attributes}
        used={new Set()}
        onPick={(path) => {
          const rule = pickingFor === null ? undefined : rules[pickingFor];
          if (pickingFor !== null && rule !== undefined)
            replace(pickingFor, { ...rule, attribute: path });
          setPickingFor(null);
        }}
        onClose={() => setPickingFor(null)}
      />
    </fieldset>
  );
}
