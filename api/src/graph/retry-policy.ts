/** How hard a run may retry Graph before it gives up. */
export interface RetrySettings {
  /** Retries allowed over the whole run (all requests together). */
  readonly budget: number;
  /** First backoff for a 5xx or a dropped connection; doubles each attempt. */
  readonly baseDelayMs: number;
  /** Cap of one backoff, and of a Retry-After Roster will honour without giving up. */
  readonly maxDelayMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  budget: 50,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
};

/** What a failed request means for the next attempt. */
export type FailureKind =
  | { kind: 'throttled'; retryAfterMs: number | undefined }
  | { kind: 'transient' }
  | { kind: 'unauthorized' }
  | { kind: 'final' };

/** Classifies a failure by Graph status; 0 stands for no response at all (reset, timeout). */
export function classifyFailure(status: number, retryAfter: string | null): FailureKind {
  if (status === 429) return { kind: 'throttled', retryAfterMs: parseRetryAfter(retryAfter) };
  if (status === 401) return { kind: 'unauthorized' };
  if (status <= 0 || status === 500 || status === 502 || status === 503 || status === 504) {
    // A 503 may carry Retry-After too; honour it as a floor under the backoff.
    return { kind: 'transient' };
  }
  return { kind: 'final' };
}

/** Retry-After in seconds (Graph may send fractions) or an HTTP date; undefined when absent or bad. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  // Anything else must be an HTTP date ("Fri, 27 Nov 2026 10:00:05 GMT"), never a bare number.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Capped exponential backoff with full jitter for the `attempt`-th retry (1-based), never
 * shorter than what the server asked for. `random` is injected so tests are exact.
 */
export function backoffMs(
  attempt: number,
  settings: RetrySettings,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, settings.maxDelayMs));
}

/** The retries left to one run; shared by every request the run makes. */
export class RetryBudget {
  private used = 0;

  constructor(readonly settings: RetrySettings) {}

  /** Takes one retry; false when the budget is spent. */
  take(): boolean {
    if (this.used >= this.settings.budget) return false;
    this.used += 1;
    return true;
  }

  get retriesUsed(): number {
    return this.used;
  }
}
