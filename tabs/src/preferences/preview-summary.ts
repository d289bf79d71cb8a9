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

/**
 * The presets, rules and filters that leave users out, with exact counts from the whole
 * directory and examples from the preview's sample.
 */
export function exclusionGroups(preview: SyncPreview): ExclusionGroup[] {
  const keyOf = (reason: { code: string; rule?: string | undefined }) =>
    reason.rule === undefined ? reason.code : `rule:${reason.rule}`;
  const examples = new Map<string, { name: string; why: string }[]>();
  for (const skip of preview.skip) {
    const key = keyOf(skip.reason);
    const kept = examples.get(key) ?? [];
    if (kept.length < examplesKept)
      kept.push({ name: skip.name ?? skip.id, why: skip.reason.text });
    examples.set(key, kept);
  }
  return preview.skipReasons
    .map((reason) => ({
      key: keyOf(reason),
      label:
        reason.rule !== undefined
          ? `Rule "${reason.rule}"`
          : (reasonLabels[reason.code] ??
            reason.text.charAt(0).toUpperCase() + reason.text.slice(1)),
      count: reason.count,
      examples: examples.get(keyOf(reason)) ?? [],
    }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
}

/** Users the settings import: new, changed and unchanged. */
export function includedCount(preview: SyncPreview): number {
  return preview.counts.add + preview.counts.update + preview.unchanged;
}
