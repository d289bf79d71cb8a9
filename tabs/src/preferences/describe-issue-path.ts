import type { TenantSettings } from './settings-schema';

const topLevel: Readonly<Record<string, string>> = {
  fields: 'Fields',
  email: 'Email addresses',
  filters: 'Filters',
  cleanUp: 'Clean Up',
  deletionThreshold: 'Deletion threshold',
  scheduleIntervalMinutes: 'Sync interval',
  notifications: 'Notifications',
};

/** Where a settings problem is, in the words of the page: `Field "Job title"`, `Rule "no-bots"`. */
export function describeIssuePath(settings: TenantSettings, path: string): string {
  const [head = '', second, third] = path.split('.');
  if (head === 'fields' && second !== undefined) {
    const field = settings.fields[Number(second)];
    if (field !== undefined) return `Field "${field.label.trim() || field.key}"`;
  }
  if (head === 'filters' && second === 'rules' && third !== undefined) {
    const rule = settings.filters.rules[Number(third)];
    if (rule !== undefined) return `Rule "${rule.id}"`;
  }
  if (head === 'filters' && second === 'groups') return 'Groups';
  if (head === 'filters' && second === 'presets') return 'Filter presets';
  return topLevel[head] ?? 'Settings';
}
