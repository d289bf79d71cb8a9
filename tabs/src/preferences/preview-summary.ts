import type { SyncPreview } from './use-sync-preview';

/** The filter or rule that left users out, with how many and a few of them. */
export interface ExclusionGroup {
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly examples: readonly { readonly name: string; readonly why: string }[];
}

// Skip reason codes (`api/src/domain/filters.ts`, `resolve-email.ts`) in the words of the page.
const reasonLabels: Readonly<Record<string, string>> = {
  disabled: 'Exclude disabled accounts',
  guest: 'Exclude guests',
  'shared-mailbox': 'Exclude shared mailboxes',
  'room-or-equipment': 'Exclude rooms and equipment',
  'service-account': 'Exclude service accounts',
  unlicensed: 'Exclude unlicensed users',
  group: 'Group filter',
  'no-valid-email': 'No email address found',
};

const examplesKept = 5;

/** Groups a preview's sample of excluded users by the preset, rule or filter that decided. */
export function exclusionGroups(preview: SyncPreview): ExclusionGroup[] {
  const groups = new Map<
    string,
    { label: string; count: number; examples: ExclusionGroup['examples'][number][] }
  >();
  for (const skip of preview.skip) {
    const { reason } = skip;
    const key = reason.rule === undefined ? reason.code : `rule:${reason.rule}`;
    const label =
      reason.rule !== undefined
        ? `Rule "${reason.rule}"`
        : (reasonLabels[reason.code] ?? reason.text.charAt(0).toUpperCase() + reason.text.slice(1));
    const group = groups.get(key) ?? { label, count: 0, examples: [] };
    group.count += 1;
    if (group.examples.length < examplesKept) {
      group.examples.push({ name: skip.name ?? skip.id, why: reason.text });
    }
    groups.set(key, group);
  }
  return [...groups]
    .map(([key, g]) => ({ key, ...g }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
}

/** Users the settings import: new, changed and unchanged. */
export function includedCount(preview: SyncPreview): number {
  return preview.counts.add + preview.counts.update + preview.unchanged;
}
