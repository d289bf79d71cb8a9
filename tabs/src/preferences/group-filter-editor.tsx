import { Button, Field, SearchBox, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { usePreferencesStyles } from './preferences.styles';
import { messagesUnder, type SettingsIssues } from './settings-issues';
import type { FilterSettings } from './settings-schema';
import { useGroupSearch } from './use-group-search';

type Groups = FilterSettings['groups'];
type Side = keyof Groups;

const useStyles = makeStyles({
  chosen: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  chip: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    paddingLeft: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  results: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
  },
  result: { justifyContent: 'flex-start', textAlign: 'start' },
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(18rem, 1fr))',
    gap: tokens.spacingHorizontalXL,
  },
});

/** `value`, once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const sides = {
  include: {
    title: 'Include only members of these groups',
    search: 'Find a group to include',
    empty: 'No included groups: users need not be in any group.',
  },
  exclude: {
    title: 'Exclude members of these groups',
    search: 'Find a group to exclude',
    empty: 'No excluded groups.',
  },
} as const;

/** One side of the group filter: the chosen groups, and a search over Entra ID's groups. */
function GroupPicker(props: {
  side: Side;
  groups: Groups;
  names: ReadonlyMap<string, string>;
  onAdd: (id: string, name: string) => void;
  onRemove: (id: string) => void;
  problems: readonly string[];
}) {
  const styles = useStyles();
  const shared = usePreferencesStyles();
  const [search, setSearch] = useState('');
  const settled = useSettled(search.trim(), 250);
  const found = useGroupSearch(settled, 10, settled !== '');
  const texts = sides[props.side];
  const verb = props.side === 'include' ? 'Include' : 'Exclude';
  const other: Side = props.side === 'include' ? 'exclude' : 'include';
  const chosen = props.groups[props.side];
  const results = settled === '' || found.isPlaceholderData ? undefined : found.data;

  return (
    <div className={shared.stack}>
      <Text weight="semibold">{texts.title}</Text>
      {chosen.length === 0 ? (
        <Text className={shared.hint}>{texts.empty}</Text>
      ) : (
        <ul className={styles.chosen} aria-label={texts.title}>
          {chosen.map((id) => {
            const name = props.names.get(id) ?? id;
            return (
              <li key={id} className={styles.chip}>
                <Text>{name}</Text>
                <Button
                  size="small"
                  appearance="subtle"
                  icon={<DismissRegular />}
                  aria-label={`Remove ${name}`}
                  onClick={() => props.onRemove(id)}
                />
              </li>
            );
          })}
        </ul>
      )}
      <Field
        label={texts.search}
        validationMessage={props.problems.length === 0 ? null : props.problems.join(' ')}
      >
        <SearchBox
          placeholder="Type the start of a group name"
          value={search}
          onChange={(_e, d) => setSearch(d.value)}
        />
      </Field>
      <Text aria-live="polite" size={200} className={shared.hint}>
        {settled === ''
          ? ''
          : found.isError
            ? `Groups could not be searched: ${found.error.message} Try again.`
            : results === undefined
              ? 'Searching…'
              : results.length === 0
                ? `No group starts with “${settled}”.`
                : `${results.length === 10 ? 'The first 10' : String(results.length)} group${results.length === 1 ? '' : 's'} starting with “${settled}”`}
      </Text>
      {results !== undefined && results.length > 0 && (
        <ul className={styles.results} aria-label={`Groups to ${props.side}`}>
          {results.map((group) => {
            const id = group.id.toLowerCase();
            const note = props.groups[other].includes(id)
              ? ` (already ${other}d)`
              : chosen.includes(id)
                ? ' (already chosen)'
                : '';
            return (
              <li key={group.id}>
                <Button
                  appearance="subtle"
                  className={styles.result}
                  disabled={note !== ''}
                  aria-label={`${verb} ${group.displayName}${note}`}
                  onClick={() => {
                    props.onAdd(group.id, group.displayName);
                    setSearch('');
                  }}
                >
                  {group.displayName}
                  {group.mail === undefined ? '' : ` (${group.mail})`}
                  {note}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/**
 * Group include/exclude. Settings hold group ids only; names come from the searches made
 * here and from a first page of the tenant's groups.
 */
export function GroupFilterEditor(props: {
  value: Groups;
  onChange: (value: Groups) => void;
  issues: SettingsIssues;
}) {
  const styles = useStyles();
  const shared = usePreferencesStyles();
  const firstPage = useGroupSearch('', 100);
  const [picked, setPicked] = useState<ReadonlyMap<string, string>>(new Map());
  const names = new Map([
    ...(firstPage.data ?? []).map((g) => [g.id.toLowerCase(), g.displayName] as const),
    ...picked,
  ]);

  const add = (side: Side) => (id: string, name: string) => {
    const key = id.toLowerCase();
    setPicked((current) => new Map([...current, [key, name]]));
    if (!props.value[side].includes(key)) {
      props.onChange({ ...props.value, [side]: [...props.value[side], key] });
    }
  };
  const remove = (side: Side) => (id: string) => {
    props.onChange({ ...props.value, [side]: props.value[side].filter((g) => g !== id) });
  };

  return (
    <fieldset className={shared.group}>
      <legend>
        <Text weight="semibold">Groups</Text>
      </legend>
      <Text className={shared.hint}>
        Members of nested groups count. Exclusions win over inclusions.
      </Text>
      <div className={styles.columns}>
        {(['include', 'exclude'] as const).map((side) => (
          <GroupPicker
            key={side}
            side={side}
            groups={props.value}
            names={names}
            onAdd={add(side)}
            onRemove={remove(side)}
            problems={messagesUnder(props.issues, `filters.groups.${side}`)}
          />
        ))}
      </div>
    </fieldset>
  );
}
