import type { z } from 'zod';
import { tenantSettingsSchema, type TenantSettings } from './settings-schema';

/** Problems with settings, by dotted path (`filters.rules.0.value`), as the API reports them. */
export type SettingsIssues = ReadonlyMap<string, readonly string[]>;

/** No problems. */
export const noIssues: SettingsIssues = new Map();

/** Groups `{ path, message }` pairs by path, keeping their order. */
export function issuesFrom(
  issues: readonly { readonly path: string; readonly message: string }[],
): SettingsIssues {
  const byPath = new Map<string, string[]>();
  for (const { path, message } of issues) {
    const messages = byPath.get(path) ?? [];
    if (!messages.includes(message)) messages.push(message);
    byPath.set(path, messages);
  }
  return byPath;
}

function fromZod(error: z.ZodError): SettingsIssues {
  return issuesFrom(error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

/** Validates a draft with the API's own schema: the settings to send, or what is wrong. */
export function validateSettings(
  draft: TenantSettings,
): { ok: true; settings: TenantSettings } | { ok: false; issues: SettingsIssues } {
  const parsed = tenantSettingsSchema.safeParse(draft);
  return parsed.success
    ? { ok: true, settings: parsed.data }
    : { ok: false, issues: fromZod(parsed.error) };
}

/**
 * The `details` of a 400 from `PUT /api/tenant/settings`: `[{ path, message }]`. Anything
 * else gives no issues, and the error's message is shown on its own.
 */
export function issuesOfDetails(details: unknown): SettingsIssues {
  if (!Array.isArray(details)) return noIssues;
  const pairs = details.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null) return [];
    const { path, message } = d as Record<string, unknown>;
    return typeof path === 'string' && typeof message === 'string' ? [{ path, message }] : [];
  });
  return issuesFrom(pairs);
}

/** The messages for exactly `path`, joined for a field's validation message. */
export function messageAt(issues: SettingsIssues, path: string): string | null {
  const messages = issues.get(path);
  return messages === undefined || messages.length === 0 ? null : messages.join(' ');
}

/** Every message at `path` or below it. */
export function messagesUnder(issues: SettingsIssues, path: string): string[] {
  return [...issues].flatMap(([p, messages]) =>
    p === path || p.startsWith(`${path}.`) ? messages : [],
  );
}

/** Both sets of issues together. */
export function mergeIssues(a: SettingsIssues, b: SettingsIssues): SettingsIssues {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const merged = new Map<string, string[]>();
  for (const source of [a, b]) {
    for (const [path, messages] of source) {
      const list = merged.get(path) ?? [];
      for (const m of messages) if (!list.includes(m)) list.push(m);
      merged.set(path, list);
    }
  }
  return merged;
}
