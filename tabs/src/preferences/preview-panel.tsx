import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { exclusionGroups, includedCount } from './preview-summary';
import { usePreferencesStyles } from './preferences.styles';
import type { TenantSettings } from './settings-schema';
import { useSyncPreview } from './use-sync-preview';

const useStyles = makeStyles({
  counts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(9rem, 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
  },
  count: {
    display: 'flex',
    flexDirection: 'column-reverse',
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  number: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  examples: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

const n = (count: number) => count.toLocaleString();

/**
 * Preview: a dry run of a full sync with the settings on the page, saved or not, showing who
 * would be imported, who is left out by which filter (with examples), and what Clean Up
 * would remove.
 */
export function PreviewPanel({
  draft,
  invalid,
}: {
  /** Unsaved settings to preview; undefined previews the saved ones. */
  draft: TenantSettings | undefined;
  /** The unsaved settings have problems: the preview waits until they are fixed. */
  invalid: boolean;
}) {
  const styles = useStyles();
  const shared = usePreferencesStyles();
  const preview = useSyncPreview();
  const data = preview.data;
  const groups = data === undefined ? [] : exclusionGroups(data);

  return (
    <div className={shared.stack}>
      <div className={shared.row}>
        <Button
          icon={preview.isPending ? <Spinner size="tiny" /> : null}
          disabled={preview.isPending || invalid}
          onClick={() => preview.mutate(draft)}
        >
          Preview
        </Button>
        <Text aria-live="polite" className={shared.hint}>
          {preview.isPending
            ? 'Reading the whole directory; large tenants take a minute…'
            : draft === undefined
              ? 'A dry run of a full sync with the saved settings: nothing is written.'
              : 'A dry run of a full sync with your unsaved changes: nothing is written or saved.'}
        </Text>
      </div>
      {invalid && (
        <MessageBar intent="info">
          <MessageBarBody>Fix the settings marked on this page to preview them.</MessageBarBody>
        </MessageBar>
      )}
      {preview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>
            The preview could not run: {preview.error.message} Check Connectivity shows what Roster
            cannot read.
          </MessageBarBody>
        </MessageBar>
      )}
      {data !== undefined && (
        <section aria-label="Preview result" className={shared.stack}>
          <dl className={styles.counts}>
            {[
              ['Included', includedCount(data)],
              ['New', data.counts.add],
              ['Changed', data.counts.update],
              ['Excluded', data.counts.skip],
              ['To remove', data.counts.remove],
              ['Held for confirmation', data.counts.hold],
            ].map(([label, count]) => (
              <div key={label} className={styles.count}>
                <dt>{label}</dt>
                <dd className={styles.number}>{n(Number(count))}</dd>
              </div>
            ))}
          </dl>
          {data.heldBecause !== null && (
            <MessageBar intent="warning">
              <MessageBarBody>
                <MessageBarTitle>Removals would be held</MessageBarTitle>
                {data.heldBecause}
              </MessageBarBody>
            </MessageBar>
          )}
          {data.add.length > 0 && (
            <div>
              <Text weight="semibold">New employees, for example</Text>
              <ul className={styles.examples}>
                {data.add.slice(0, 5).map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
            </div>
          )}
          {data.counts.skip === 0 ? (
            <Text>No user is excluded.</Text>
          ) : (
            <div className={shared.stack}>
              <Text weight="semibold">Why users are excluded</Text>
              <ul className={shared.list} aria-label="Excluded users by reason">
                {groups.map((group) => (
                  <li key={group.key} aria-label={`${group.label}: ${group.count}`}>
                    <Text weight="semibold">
                      {group.label}: {n(group.count)}
                    </Text>
                    <ul className={styles.examples}>
                      {group.examples.map((e) => (
                        <li key={`${e.name} ${e.why}`}>
                          {e.name} ({e.why})
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {data.remove.length + data.hold.length > 0 && (
            <div>
              <Text weight="semibold">Clean Up would remove, for example</Text>
              <ul className={styles.examples}>
                {[...data.remove, ...data.hold].slice(0, 5).map((r) => (
                  <li key={r.id}>
                    {r.id} ({r.reason.text})
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
