import { describe, expect, it } from 'vitest';
import { ConsentStates } from './consent-state.js';

describe('ConsentStates', () => {
  const claims = { tenantId: 'tenant-a', userId: 'admin-1' };

  it('redeems a state once, and only with its own signature', () => {
    const states = new ConsentStates('s'.repeat(32), { now: () => new Date() });
    const state = states.issue(claims);
    const [payload] = state.split('.');
    expect(states.redeem(`${payload ?? ''}.${'A'.repeat(43)}`)).toBeUndefined();
    expect(
      new ConsentStates('t'.repeat(32), { now: () => new Date() }).redeem(state),
    ).toBeUndefined();
    expect(states.redeem(state)).toEqual(claims);
    expect(states.redeem(state)).toBeUndefined();
  });

  it('expires after its lifetime', () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const states = new ConsentStates('s'.repeat(32), { now: () => new Date(now) }, 60_000);
    const state = states.issue(claims);
    now += 60_001;
    expect(states.redeem(state)).toBeUndefined();
  });

  it('refuses anything that is not a state', () => {
    const states = new ConsentStates(undefined, { now: () => new Date() });
    for (const junk of ['', '.', 'a.b.c', 'e30.', `${Buffer.from('{}').toString('base64url')}.x`]) {
      expect(states.redeem(junk)).toBeUndefined();
    }
  });
});
