import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash.js';
import type { Employee } from './employee.js';
import { fieldDiffs, RoundPlanner, type Decision, type Incoming, type RoundKind } from './plan.js';

function employee(id: string, fields: Record<string, string | null>): Employee {
  const body = {
    email: `${id}@contoso.example`,
    emailSource: 'proxyAddresses' as const,
    aliases: [],
    fields,
  };
  return { id, ...body, hash: contentHash(body) };
}

const skipped = (id: string): Incoming => ({
  kind: 'skipped',
  id,
  reason: { code: 'disabled', text: 'excluded by filter: disabled account' },
});

/** A tiny store: what a run would leave behind if it applied every decision. */
function run(stored: Map<string, Employee>, round: RoundKind, incoming: Incoming[]) {
  const planner = new RoundPlanner(new Map([...stored].map(([id, e]) => [id, e.hash])), round);
  const decisions: Decision[] = incoming.map((item) => planner.accept(item));
  const removals = planner.finish();
  const next = new Map(stored);
  for (const d of decisions) {
    if (d.kind === 'add' || d.kind === 'update') next.set(d.employee.id, d.employee);
  }
  for (const r of removals) next.delete(r.id);
  const kinds = decisions.map((d) => d.kind);
  return { next, kinds, removals };
}

describe('RoundPlanner', () => {
  const ada = employee('ada', { title: 'Engineer' });
  const adaPromoted = employee('ada', { title: 'Lead Engineer' });
  const bo = employee('bo', { title: 'Designer' });

  it('walks create → update → remove → re-add', () => {
    let stored = new Map<string, Employee>();
    let result = run(stored, 'full', [
      { kind: 'employee', employee: ada },
      { kind: 'employee', employee: bo },
    ]);
    expect(result.kinds).toEqual(['add', 'add']);
    stored = result.next;

    result = run(stored, 'delta', [{ kind: 'employee', employee: adaPromoted }]);
    expect(result.kinds).toEqual(['update']);
    expect(result.removals).toEqual([]);
    stored = result.next;
    expect(stored.get('ada')?.fields['title']).toBe('Lead Engineer');

    result = run(stored, 'delta', [{ kind: 'removed', id: 'ada', reason: 'deleted' }]);
    expect(result.kinds).toEqual(['pending-removal']);
    expect(result.removals).toEqual([
      { id: 'ada', reason: { code: 'deleted-in-entra', text: 'deleted in Entra ID' } },
    ]);
    stored = result.next;
    expect([...stored.keys()]).toEqual(['bo']);

    result = run(stored, 'delta', [{ kind: 'employee', employee: ada }]);
    expect(result.kinds).toEqual(['add']);
  });

  it('changes nothing on a second identical run', () => {
    const incoming: Incoming[] = [
      { kind: 'employee', employee: ada },
      { kind: 'employee', employee: bo },
      skipped('cy'),
    ];
    const first = run(new Map(), 'full', incoming);
    const second = run(first.next, 'full', incoming);
    expect(second.kinds).toEqual(['unchanged', 'unchanged', 'skip']);
    expect(second.removals).toEqual([]);
    expect(second.next).toEqual(first.next);
  });

  it('removes in a full round whoever the round did not return', () => {
    const stored = new Map([
      ['ada', ada],
      ['bo', bo],
    ]);
    const result = run(stored, 'full', [{ kind: 'employee', employee: ada }]);
    expect(result.removals).toEqual([
      { id: 'bo', reason: { code: 'not-in-entra', text: 'no longer returned by Entra ID' } },
    ]);
  });

  it('removes nobody in a delta round that does not mention them', () => {
    const stored = new Map([
      ['ada', ada],
      ['bo', bo],
    ]);
    expect(run(stored, 'delta', []).removals).toEqual([]);
  });

  it('removes a stored employee who is now skipped, with the skip reason', () => {
    const stored = new Map([['ada', ada]]);
    for (const round of ['full', 'delta'] as const) {
      const result = run(stored, round, [skipped('ada')]);
      expect(result.removals).toEqual([
        { id: 'ada', reason: { code: 'disabled', text: 'excluded by filter: disabled account' } },
      ]);
    }
  });

  it('skips without a removal someone never stored', () => {
    const result = run(new Map(), 'delta', [skipped('cy')]);
    expect(result.kinds).toEqual(['skip']);
    expect(result.removals).toEqual([]);
  });

  it('ignores @removed for someone never stored', () => {
    const result = run(new Map(), 'delta', [{ kind: 'removed', id: 'zed', reason: 'changed' }]);
    expect(result.kinds).toEqual(['ignore']);
    expect(result.removals).toEqual([]);
  });

  it('treats a replayed user as unchanged, and lets the last state of a round win', () => {
    const replay = run(new Map(), 'full', [
      { kind: 'employee', employee: ada },
      { kind: 'employee', employee: ada },
    ]);
    expect(replay.kinds).toEqual(['add', 'unchanged']);

    const stored = new Map([['ada', ada]]);
    const back = run(stored, 'delta', [
      { kind: 'removed', id: 'ada', reason: 'changed' },
      { kind: 'employee', employee: ada },
    ]);
    expect(back.removals).toEqual([]);
    const gone = run(stored, 'delta', [
      { kind: 'employee', employee: adaPromoted },
      skipped('ada'),
    ]);
    expect(gone.removals.map((r) => r.id)).toEqual(['ada']);
  });
});

describe('RoundPlanner.know', () => {
  it('learns stored hashes page by page in a delta round', () => {
    const ada = employee('ada', { title: 'Engineer' });
    const planner = new RoundPlanner(new Map(), 'delta');
    planner.know(new Map([['ada', ada.hash]]));
    expect(planner.accept({ kind: 'employee', employee: ada }).kind).toBe('unchanged');
    expect(planner.accept({ kind: 'removed', id: 'bo', reason: 'deleted' }).kind).toBe('ignore');
  });

  it('never forgets what the round itself decided', () => {
    const ada = employee('ada', { title: 'Engineer' });
    const promoted = employee('ada', { title: 'Lead' });
    const planner = new RoundPlanner(new Map(), 'delta');
    planner.know(new Map([['ada', ada.hash]]));
    expect(planner.accept({ kind: 'employee', employee: promoted }).kind).toBe('update');
    // A later page's lookup still sees the old stored hash: the round's own state wins.
    planner.know(new Map([['ada', ada.hash]]));
    expect(planner.accept({ kind: 'employee', employee: promoted }).kind).toBe('unchanged');
  });
});

describe('fieldDiffs', () => {
  it.each([
    [{ a: '1', b: '2' }, { a: '1', b: '3' }, [{ field: 'b', before: '2', after: '3' }]],
    [{ a: '1' }, { a: null }, [{ field: 'a', before: '1', after: null }]],
    [{ a: '1' }, { a: '1', c: 'new' }, [{ field: 'c', before: null, after: 'new' }]],
    [{ a: '1', gone: 'x' }, { a: '1' }, [{ field: 'gone', before: 'x', after: null }]],
    [{ a: '1' }, { a: '1' }, []],
  ])('%j → %j', (before, after, expected) => {
    expect(
      fieldDiffs(
        { fields: before, email: 'e', aliases: [] },
        { fields: after, email: 'e', aliases: [] },
      ),
    ).toEqual(expected);
  });

  it('reports email and alias changes', () => {
    expect(
      fieldDiffs(
        { fields: {}, email: 'a@x.example', aliases: ['b@x.example'] },
        { fields: {}, email: 'c@x.example', aliases: [] },
      ),
    ).toEqual([
      { field: 'email', before: 'a@x.example', after: 'c@x.example' },
      { field: 'aliases', before: 'b@x.example', after: null },
    ]);
  });
});

describe('contentHash', () => {
  it('ignores key order and changes with any value', () => {
    const a = { email: 'a', emailSource: 'mail' as const, aliases: [], fields: { x: '1', y: '2' } };
    const b = { fields: { y: '2', x: '1' }, aliases: [], emailSource: 'mail' as const, email: 'a' };
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash({ ...a, fields: { x: '1', y: '3' } })).not.toBe(contentHash(a));
    expect(contentHash({ ...a, aliases: ['z'] })).not.toBe(contentHash(a));
  });
});
