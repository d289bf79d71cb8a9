import { describe, expect, it } from 'vitest';
import { skipReasonLabel, skippedByReason, skippedTotal } from './run-labels.js';

describe('skip reasons', () => {
  it('names the codes the filters and email resolution give', () => {
    expect(skipReasonLabel('room-or-equipment')).toBe('Rooms and equipment');
    expect(skipReasonLabel('no-valid-email')).toBe('No valid email address');
  });

  it('shows a code it does not know as it is, made inert', () => {
    expect(skipReasonLabel('new_code')).toBe('Other (new\\_code)');
    expect(skipReasonLabel('constructor')).toBe('Other (constructor)');
  });

  it('orders by count, then by code, leaving out zeros', () => {
    expect(skippedByReason({ guest: 3, disabled: 3, rule: 9, group: 0 })).toEqual([
      { code: 'rule', label: 'Left out by a filter rule', count: 9 },
      { code: 'disabled', label: 'Disabled accounts', count: 3 },
      { code: 'guest', label: 'Guests', count: 3 },
    ]);
    expect(skippedTotal({ guest: 3, disabled: 3, rule: 9 })).toBe(15);
    expect(skippedTotal({})).toBe(0);
  });
});
