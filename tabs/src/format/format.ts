import type { SyncRun } from '../api/types';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const numbers = new Intl.NumberFormat();

/** A timestamp as people read it, in their locale and time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date);
}

/** A count with the locale's digit grouping. */
export function formatCount(n: number): string {
  return numbers.format(n);
}

/** A duration in the largest units that keep it short: "850 ms", "42 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** How long a run took, or has been going. */
export function runDuration(run: SyncRun, now: Date = new Date()): string {
  const end = run.endedAt === null ? now.getTime() : new Date(run.endedAt).getTime();
  return formatDuration(end - new Date(run.startedAt).getTime());
}

/** Users skipped by any reason. */
export function totalSkipped(run: SyncRun): number {
  return Object.values(run.counts.skipped).reduce((sum, n) => sum + n, 0);
}

export const statusLabels: Record<SyncRun['status'], string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  held: 'Removals held',
  partial: 'Partly done',
};

export const triggerLabels: Record<SyncRun['trigger'], string> = {
  schedule: 'Scheduled',
  manual: 'Sync Now',
  card: 'Sync Now from the card',
  cli: 'Command line',
};

/** The badge colour of a run's status. */
export function statusColor(
  status: SyncRun['status'],
): 'success' | 'danger' | 'warning' | 'informative' {
  switch (status) {
    case 'succeeded':
      return 'success';
    case 'failed':
      return 'danger';
    case 'held':
    case 'partial':
      return 'warning';
    case 'running':
      return 'informative';
  }
}

/** Skip reason codes as admins read them, when a run's counts give only the code. */
export function skipReasonLabel(code: string): string {
  const words = code.replace(/[-_:]+/g, ' ').trim();
  return words === '' ? code : words.charAt(0).toUpperCase() + words.slice(1);
}

/** Where an employee's email came from, in the settings' own words. */
export const emailSourceLabels: Record<string, string> = {
  proxyAddresses: 'Primary SMTP address (ProxyAddresses array)',
  mail: 'Mail attribute',
  otherMails: 'Other (Alternative) email array',
  userPrincipalName: 'User Principal Name',
};
