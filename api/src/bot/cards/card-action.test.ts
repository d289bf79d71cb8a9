import { describe, expect, it } from 'vitest';
import { runId } from '../../../test/support/sync-runs.js';
import {
  cardActionDataSchema,
  cardActionSchema,
  confirmRemovalsAction,
  syncNowAction,
} from './card-action.js';

describe('card action data', () => {
  it.each([
    ['Sync Now', syncNowAction()],
    ['Confirm removals', confirmRemovalsAction(runId)],
  ])('round-trips %s through JSON and the schema', (_name, action) => {
    // What Teams sends back: the action as the card carried it, after JSON both ways.
    const received: unknown = JSON.parse(JSON.stringify({ ...action, id: 'a1' }));
    expect(cardActionSchema.parse(received)).toEqual({ verb: action.verb, data: action.data });
  });

  it.each<[string, unknown]>([
    ['an unknown field', { version: 1, action: 'syncNow', tenantId: 'x' }],
    ['another version', { version: 2, action: 'syncNow' }],
    ['no version', { action: 'syncNow' }],
    ['an unknown action', { version: 1, action: 'deleteEverything' }],
    ['a run id that is not a UUID', { version: 1, action: 'confirmRemovals', runId: 'run-1' }],
    ['no run id', { version: 1, action: 'confirmRemovals' }],
    ['a run id on Sync Now', { version: 1, action: 'syncNow', runId }],
    ['text', 'syncNow'],
    ['nothing', undefined],
  ])('refuses data with %s', (_what, data) => {
    expect(cardActionDataSchema.safeParse(data).success).toBe(false);
  });

  it('refuses a verb whose data names another action', () => {
    const result = cardActionSchema.safeParse({
      verb: 'syncNow',
      data: { version: 1, action: 'confirmRemovals', runId },
    });
    expect(result.success).toBe(false);
  });

  it('refuses an unknown verb', () => {
    expect(
      cardActionSchema.safeParse({ verb: 'purge', data: { version: 1, action: 'syncNow' } })
        .success,
    ).toBe(false);
  });

  it('never builds a button its own parser would refuse', () => {
    expect(() => confirmRemovalsAction('run-1')).toThrow();
  });
});
