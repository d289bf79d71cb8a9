import { z } from 'zod';

/** A fault an operator or a test injects into one tenant's traffic. */
export const faultRuleSchema = z
  .object({
    /** HTTP status to answer with (429, 500, 503, 410, ...). Optional when only adding latency or resets. */
    status: z.number().int().min(400).max(599).optional(),
    /** How many matching requests it applies to; unlimited when absent. */
    times: z.number().int().positive().optional(),
    /** Chance (0–1) that a matching request is hit; every one when absent. */
    probability: z.number().min(0).max(1).optional(),
    /** Retry-After seconds to send with the status (may be fractional). */
    retryAfter: z.number().nonnegative().optional(),
    /** Only requests whose path starts with this (e.g. `/v1.0/users/delta`). */
    path: z.string().startsWith('/').optional(),
    /** Send the status line and part of the body, then reset the connection. */
    resetConnection: z.boolean().optional(),
    /** Delay before answering, in milliseconds. */
    latencyMs: z.number().int().nonnegative().max(60_000).optional(),
  })
  .strict()
  .refine(
    (rule) =>
      rule.status !== undefined || rule.resetConnection === true || rule.latencyMs !== undefined,
    {
      error: 'A fault needs a status, resetConnection or latencyMs.',
    },
  );

export type FaultRule = z.infer<typeof faultRuleSchema>;

/** What the matching faults ask of one request. */
export interface FaultEffect {
  status?: number;
  retryAfter?: number;
  resetConnection: boolean;
  latencyMs: number;
}

/** One tenant's active faults. `random` is injected so probabilistic faults are reproducible. */
export class FaultList {
  private rules: { rule: FaultRule; remaining: number }[] = [];

  constructor(private readonly random: () => number) {}

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  list(): (FaultRule & { remaining: number | null })[] {
    return this.rules.map(({ rule, remaining }) => ({
      ...rule,
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
  }

  /**
   * Consumes the faults that hit a request to `path`; undefined when none does. With
   * `explicitOnly`, only rules that name a path apply (sign-in traffic is hit only on purpose).
   */
  hit(path: string, explicitOnly = false): FaultEffect | undefined {
    let effect: FaultEffect | undefined;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.path === undefined ? explicitOnly : !path.startsWith(rule.path)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      entry.remaining -= 1;
      effect ??= { resetConnection: false, latencyMs: 0 };
      effect.latencyMs += rule.latencyMs ?? 0;
      effect.resetConnection ||= rule.resetConnection === true;
      if (effect.status === undefined && rule.status !== undefined) {
        effect.status = rule.status;
        if (rule.retryAfter !== undefined) effect.retryAfter = rule.retryAfter;
      }
    }
    this.rules = this.rules.filter((entry) => entry.remaining > 0);
    return effect;
  }
}
