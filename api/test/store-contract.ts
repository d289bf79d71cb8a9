import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Employee } from '../src/domain/employee.js';
import {
  StoreConflict,
  type LinkedTenant,
  type RosterStore,
  type RunChange,
  type SyncRun,
} from '../src/ports/store.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';

/** Ids sort as their numbers do, so paging order is easy to state. */
function uid(n: number): string {
  return `u${String(n).padStart(5, '0')}`;
}

/** An employee as `pageJson` gives it: JSON text, UTF-8. */
const parseJsonText = (text: Uint8Array) =>
  JSON.parse(Buffer.from(text).toString('utf8')) as Employee;

function employee(id: string, overrides: Partial<Employee> = {}): Employee {
  return {
    id,
    email: `${id}@contoso.test`,
    emailSource: 'proxyAddresses',
    aliases: [`${id}@contoso.onmicrosoft.test`],
    fields: { displayName: `User ${id}`, department: 'Sales', mobilePhone: null },
    hash: `h-${id}`,
    ...overrides,
  };
}

function employees(count: number): Employee[] {
  return Array.from({ length: count }, (_, i) => employee(uid(i + 1)));
}

function tenant(tenantId: string, overrides: Partial<LinkedTenant> = {}) {
  return {
    tenantId,
    displayName: `Tenant ${tenantId.slice(0, 4)}`,
    linkedAt: '2025-01-01T00:00:00.000Z',
    settings: { fields: [{ key: 'displayName', source: 'displayName' }], guests: false },
    linkedBy: null,
    ...overrides,
  };
}

function run(tenantId: string, id: string, startedAt: string, overrides: Partial<SyncRun> = {}) {
  const record: SyncRun = {
    id,
    tenantId,
    trigger: 'schedule',
    round: 'full',
    startedAt,
    endedAt: null,
    status: 'running',
    counts: { added: 0, updated: 0, removed: 0, held: 0, unchanged: 0, skipped: {} },
    heldBecause: null,
    errors: [],
    ...overrides,
  };
  return record;
}

const skipped = { code: 'disabled', text: 'account disabled' };

function change(n: number, kind: RunChange['kind'] = 'added'): RunChange {
  const employeeId = uid(n);
  const name = `User ${employeeId}`;
  switch (kind) {
    case 'added':
      return { kind, employeeId, name };
    case 'updated':
      return { kind, employeeId, name, diffs: [{ field: 'department', before: 'A', after: null }] };
    case 'removed':
    case 'held':
    case 'skipped':
      return { kind, employeeId, name, reason: skipped };
  }
}

/**
 * The behaviour every `RosterStore` implementation must show. `open` returns a fresh, empty
 * store each time; the suite closes it after each test.
 */
export function describeStoreContract(name: string, open: () => Promise<RosterStore>): void {
  describe(`RosterStore contract: ${name}`, () => {
    let store: RosterStore;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('tenants', () => {
      it('knows no tenant before one is saved', async () => {
        expect(await store.tenants.get(A)).toBeUndefined();
        expect(await store.tenants.list()).toEqual([]);
      });

      it('creates with expected version 0 and returns the record at version 1', async () => {
        const saved = await store.tenants.save(tenant(A), 0);
        expect(saved).toEqual({ ...tenant(A), version: 1 });
        expect(await store.tenants.get(A)).toEqual(saved);
      });

      it('refuses to create a tenant that exists, leaving it as it was', async () => {
        await store.tenants.save(tenant(A), 0);
        await expect(store.tenants.save(tenant(A, { displayName: 'Other' }), 0)).rejects.toThrow(
          StoreConflict,
        );
        expect(await store.tenants.get(A)).toEqual({ ...tenant(A), version: 1 });
      });

      it('replaces at the stored version and bumps it', async () => {
        await store.tenants.save(tenant(A), 0);
        const settings = { fields: [], guests: true, nested: { list: [1, 'two', null] } };
        const saved = await store.tenants.save(tenant(A, { displayName: 'Renamed', settings }), 1);
        expect(saved).toEqual({ ...tenant(A, { displayName: 'Renamed', settings }), version: 2 });
        expect(await store.tenants.get(A)).toEqual(saved);
        expect((await store.tenants.save(tenant(A), 2)).version).toBe(3);
      });

      it('refuses a replace with a stale version, leaving the tenant as it was', async () => {
        await store.tenants.save(tenant(A), 0);
        await store.tenants.save(tenant(A, { displayName: 'Second' }), 1);
        await expect(store.tenants.save(tenant(A, { displayName: 'Stale' }), 1)).rejects.toThrow(
          StoreConflict,
        );
        await expect(store.tenants.save(tenant(A), 7)).rejects.toThrow(StoreConflict);
        expect(await store.tenants.get(A)).toEqual({
          ...tenant(A, { displayName: 'Second' }),
          version: 2,
        });
      });

      it('refuses a replace of a tenant that does not exist, creating nothing', async () => {
        await expect(store.tenants.save(tenant(A), 1)).rejects.toThrow(StoreConflict);
        expect(await store.tenants.get(A)).toBeUndefined();
      });

      it('lets exactly one of two racing saves at the same version win', async () => {
        await store.tenants.save(tenant(A), 0);
        const results = await Promise.allSettled([
          store.tenants.save(tenant(A, { displayName: 'One' }), 1),
          store.tenants.save(tenant(A, { displayName: 'Two' }), 1),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(StoreConflict);
        expect(await store.tenants.get(A)).toEqual(won[0]!.value);
      });

      it('keeps who linked the tenant', async () => {
        const linkedBy = { userId: 'admin-1', name: 'Adele Vance' };
        await store.tenants.save(tenant(A, { linkedBy }), 0);
        expect((await store.tenants.get(A))?.linkedBy).toEqual(linkedBy);
        const saved = await store.tenants.save(tenant(A, { linkedBy: null }), 1);
        expect(saved.linkedBy).toBeNull();
      });

      it('unlinks a tenant but keeps its directory and run history', async () => {
        await store.tenants.save(tenant(A), 0);
        await store.employees.apply(A, { upserts: employees(2), removals: [] });
        await store.runs.start(run(A, 'run-1', '2025-01-02T00:00:00.000Z'));
        await store.deltas.save(A, {
          deltaLink: 'https://graph.test/d',
          fingerprint: 'f',
          savedAt: 'x',
        });
        await store.admins.record(A, { userId: 'admin-1', name: 'Adele', lastSeenAt: 'x' });

        await store.tenants.unlink(A);

        expect(await store.tenants.get(A)).toBeUndefined();
        expect(await store.deltas.get(A)).toBeUndefined();
        expect(await store.admins.list(A)).toEqual([]);
        expect(await store.employees.count(A)).toBe(2);
        expect(await store.runs.get(A, 'run-1')).toBeDefined();
        // Linking again starts afresh, at version 1.
        expect((await store.tenants.save(tenant(A), 0)).version).toBe(1);
      });

      it('lists every linked tenant', async () => {
        await store.tenants.save(tenant(B), 0);
        await store.tenants.save(tenant(A), 0);
        const listed = await store.tenants.list();
        expect(listed.map((t) => t.tenantId).sort()).toEqual([A, B]);
        expect(listed.find((t) => t.tenantId === A)).toEqual({ ...tenant(A), version: 1 });
      });

      it('removes the tenant with its employees, runs, changes, delta state and lease', async () => {
        for (const t of [A, B]) {
          await store.tenants.save(tenant(t), 0);
          await store.employees.apply(t, { upserts: employees(3), removals: [] });
          await store.runs.start(run(t, 'run-1', '2025-01-02T00:00:00.000Z'));
          await store.runs.addChanges(t, 'run-1', [change(1), change(2, 'skipped')]);
          await store.deltas.save(t, {
            deltaLink: `https://graph.test/delta?t=${t}`,
            fingerprint: 'f1',
            savedAt: '2025-01-02T00:05:00.000Z',
          });
          await store.leases.acquire(
            t,
            `holder-${t}`,
            '2025-01-02T00:00:00.000Z',
            '2099-01-01T00:00:00.000Z',
          );
        }

        await store.tenants.remove(A);

        expect(await store.tenants.get(A)).toBeUndefined();
        expect(await store.employees.count(A)).toBe(0);
        expect(await store.employees.hashes(A)).toEqual(new Map());
        expect(await store.runs.get(A, 'run-1')).toBeUndefined();
        expect(await store.runs.list(A, { limit: 10 })).toEqual([]);
        expect((await store.runs.changes(A, 'run-1', { limit: 10 })).items).toEqual([]);
        expect(await store.deltas.get(A)).toBeUndefined();
        // The lease went too: anyone may take it at once.
        expect(
          await store.leases.acquire(
            A,
            'someone-else',
            '2025-01-02T00:00:00.000Z',
            '2025-01-02T01:00:00.000Z',
          ),
        ).toBe(true);

        // B is untouched.
        expect((await store.tenants.get(B))?.version).toBe(1);
        expect(await store.employees.count(B)).toBe(3);
        expect(await store.runs.get(B, 'run-1')).toBeDefined();
        expect((await store.runs.changes(B, 'run-1', { limit: 10 })).items).toHaveLength(2);
        expect(await store.deltas.get(B)).toBeDefined();
        expect(
          await store.leases.acquire(
            B,
            'someone-else',
            '2025-01-02T00:00:00.000Z',
            '2025-01-02T01:00:00.000Z',
          ),
        ).toBe(false);
      });

      it('removes a tenant that does not exist without complaint', async () => {
        await expect(store.tenants.remove(A)).resolves.toBeUndefined();
      });
    });

    describe('employees', () => {
      it('holds nothing for a tenant before a write', async () => {
        expect(await store.employees.hashes(A)).toEqual(new Map());
        expect(await store.employees.count(A)).toBe(0);
        expect(await store.employees.getMany(A, [uid(1)])).toEqual([]);
        expect(await store.employees.page(A, { limit: 10 })).toEqual({ items: [] });
      });

      it('adds a batch, reporting rows written, and returns employees as they were written', async () => {
        const batch = [
          employee(uid(1)),
          employee(uid(2), { aliases: [], fields: {}, emailSource: 'userPrincipalName' }),
          employee(uid(3), { fields: { displayName: 'Zoë Ünïcode ✓', title: null } }),
        ];
        expect(await store.employees.apply(A, { upserts: batch, removals: [] })).toBe(3);
        expect(await store.employees.count(A)).toBe(3);
        expect(await store.employees.hashes(A)).toEqual(new Map(batch.map((e) => [e.id, e.hash])));
        expect(await store.employees.hashesOf(A, [uid(3), uid(9), uid(1)])).toEqual(
          new Map([
            [uid(3), batch[2]!.hash],
            [uid(1), batch[0]!.hash],
          ]),
        );
        expect(await store.employees.hashesOf(B, [uid(1)])).toEqual(new Map());
        expect(await store.employees.hashesOf(A, [])).toEqual(new Map());
        const got = await store.employees.getMany(A, [uid(3), uid(1), uid(2)]);
        expect(sortById(got)).toEqual(batch);
      });

      it('keeps ids and hashes with any characters intact', async () => {
        const odd = [
          employee(`quote'"\\ ,[]{}`, { hash: 'h "1"' }),
          employee('tab\tnewline\nunit\u001fsep', { hash: 'h\u001f2' }),
          employee('ünïcødé-😀', { hash: 'ħ3' }),
        ];
        await store.employees.apply(A, { upserts: odd, removals: [] });
        expect(await store.employees.hashes(A)).toEqual(new Map(odd.map((e) => [e.id, e.hash])));
        expect(
          sortById(
            await store.employees.getMany(
              A,
              odd.map((e) => e.id),
            ),
          ),
        ).toEqual(sortById(odd));
      });

      it('getMany ignores ids it does not hold and returns each employee once', async () => {
        await store.employees.apply(A, { upserts: employees(3), removals: [] });
        const got = await store.employees.getMany(A, [uid(2), 'nobody', uid(2), uid(9)]);
        expect(got).toEqual([employee(uid(2))]);
        expect(await store.employees.getMany(A, [])).toEqual([]);
      });

      it('updates in place and removes, counting only rows that existed', async () => {
        await store.employees.apply(A, { upserts: employees(3), removals: [] });
        const changed = employee(uid(2), { email: 'new@contoso.test', hash: 'h-new' });
        const written = await store.employees.apply(A, {
          upserts: [changed],
          removals: [uid(3), 'never-stored'],
        });
        expect(written).toBe(2);
        expect(await store.employees.hashes(A)).toEqual(
          new Map([
            [uid(1), `h-${uid(1)}`],
            [uid(2), 'h-new'],
          ]),
        );
        expect(await store.employees.getMany(A, [uid(2)])).toEqual([changed]);
        expect(await store.employees.count(A)).toBe(2);
      });

      it('keeps an employee a batch both removes and upserts, and the last upsert of an id', async () => {
        await store.employees.apply(A, { upserts: employees(2), removals: [] });
        const written = await store.employees.apply(A, {
          upserts: [
            employee(uid(1), { hash: 'h-kept' }),
            employee(uid(3), { hash: 'h-first' }),
            employee(uid(3), { hash: 'h-last' }),
          ],
          removals: [uid(1), uid(2), uid(2), 'never-stored'],
        });
        // Every upsert counts; a removal counts once, and only for an employee that was stored.
        expect(written).toBe(5);
        expect(await store.employees.hashes(A)).toEqual(
          new Map([
            [uid(1), 'h-kept'],
            [uid(3), 'h-last'],
          ]),
        );
      });

      it('applies a batch of more than a hundred writes', async () => {
        // Past Cosmos's 100 operations per transactional batch.
        await store.employees.apply(A, { upserts: employees(200), removals: [] });
        const written = await store.employees.apply(A, {
          upserts: employees(300)
            .slice(150)
            .map((e) => ({ ...e, hash: `${e.hash}-2` })),
          removals: employees(120).map((e) => e.id),
        });
        expect(written).toBe(270);
        const hashes = await store.employees.hashes(A);
        expect(hashes.size).toBe(180);
        expect(hashes.get(uid(121))).toBe(`h-${uid(121)}`);
        expect(hashes.get(uid(151))).toBe(`h-${uid(151)}-2`);
        expect(hashes.get(uid(300))).toBe(`h-${uid(300)}-2`);
      });

      it('writes nothing for an empty batch', async () => {
        expect(await store.employees.apply(A, { upserts: [], removals: [] })).toBe(0);
      });

      it.each([
        ['an empty id', { id: '' }],
        ['an empty hash', { hash: '' }],
      ])(
        'rolls back a whole batch when one employee in it has %s',
        async (_label, broken: Partial<Employee>) => {
          await store.employees.apply(A, { upserts: employees(3), removals: [] });
          const before = await store.employees.hashes(A);

          // The bad record comes last, after a removal, an update and an add have been made.
          const failing = store.employees.apply(A, {
            upserts: [
              employee(uid(1), { hash: 'h-changed' }),
              employee(uid(4)),
              employee(uid(5), broken),
            ],
            removals: [uid(2)],
          });
          await expect(failing).rejects.toThrow();

          expect(await store.employees.hashes(A)).toEqual(before);
          expect(await store.employees.getMany(A, [uid(1), uid(2)])).toEqual([
            employee(uid(1)),
            employee(uid(2)),
          ]);
          expect(await store.employees.count(A)).toBe(3);
          // The store is usable afterwards: nothing was left half-open.
          expect(
            await store.employees.apply(A, { upserts: [employee(uid(4))], removals: [] }),
          ).toBe(1);
        },
      );

      it('pages in id order with a cursor until the last page, which has none', async () => {
        const all = employees(250);
        // Written out of order: paging order must come from the ids, not from insertion.
        await store.employees.apply(A, { upserts: [...all].reverse(), removals: [] });

        const pages: Employee[][] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.employees.page(A, { limit: 100, ...(after ? { after } : {}) });
          pages.push(page.items);
          if (page.next === undefined) break;
          after = page.next;
        }
        expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
        expect(pages.flat()).toEqual(all);
      });

      it('ends on a full last page without an empty page after it', async () => {
        await store.employees.apply(A, { upserts: employees(4), removals: [] });
        const first = await store.employees.page(A, { limit: 2 });
        expect(first.items.map((e) => e.id)).toEqual([uid(1), uid(2)]);
        expect(first.next).toBeDefined();
        const second = await store.employees.page(A, { limit: 2, after: first.next! });
        expect(second.items.map((e) => e.id)).toEqual([uid(3), uid(4)]);
        expect(second.next).toBeUndefined();
      });

      it('keeps paging from a cursor whose employee was removed meanwhile', async () => {
        await store.employees.apply(A, { upserts: employees(5), removals: [] });
        const first = await store.employees.page(A, { limit: 2 });
        await store.employees.apply(A, { upserts: [], removals: [uid(2), uid(3)] });
        const rest = await store.employees.page(A, { limit: 10, after: first.next! });
        expect(rest.items.map((e) => e.id)).toEqual([uid(4), uid(5)]);
      });

      it('pages in name order, accents and case aside, then by id', async () => {
        const named = (n: number, displayName: string) =>
          employee(uid(n), { fields: { displayName } });
        await store.employees.apply(A, {
          upserts: [
            named(1, 'zoë Adams'),
            named(2, 'Émile Zola'),
            named(3, 'anna Berg'),
            named(4, 'Anna Berg'),
            employee(uid(5), { fields: {}, email: 'bob@contoso.test' }),
          ],
          removals: [],
        });
        const first = await store.employees.page(A, { limit: 3 });
        const rest = await store.employees.page(A, { limit: 3, after: first.next! });
        expect([...first.items, ...rest.items].map((e) => e.id)).toEqual([3, 4, 5, 2, 1].map(uid));
        expect(rest.next).toBeUndefined();
      });

      it('searches by word prefix over fields, email and aliases, every word', async () => {
        const person = (n: number, displayName: string, department: string, email: string) =>
          employee(uid(n), { fields: { displayName, department }, email, aliases: [] });
        await store.employees.apply(A, {
          upserts: [
            person(1, 'Anna Smith', 'Sales', 'anna.smith@contoso.test'),
            person(2, 'Joanne Osmond', 'Sales', 'jo@contoso.test'),
            person(3, 'Ånna Šmídová', 'Legal', 'a.smidova@contoso.test'),
            person(4, 'Bob Annan', 'Legal', 'bob@contoso.test'),
            {
              ...person(5, 'Carl Jung', 'IT', 'carl@contoso.test'),
              aliases: ['annex@contoso.test'],
            },
          ],
          removals: [],
        });
        const ids = async (search: string) =>
          (await store.employees.page(A, { limit: 50, search })).items.map((e) => e.id);
        // "anna smidova" sorts before "anna smith"; Joanne Osmond has no word starting "ann".
        expect(await ids('ann')).toEqual([uid(3), uid(1), uid(4), uid(5)]);
        expect(await ids('ANN sm')).toEqual([uid(3), uid(1)]);
        expect(await ids('smid')).toEqual([uid(3)]);
        expect(await ids('legal')).toEqual([uid(3), uid(4)]);
        expect(await ids('osmond sales')).toEqual([uid(2)]);
        expect(await ids('smith.anna')).toEqual([uid(1)]);
        // Short words too (the embedded store walks its name index for them).
        expect(await ids('jo')).toEqual([uid(2)]);
        expect(await ids('sm a')).toEqual([uid(3), uid(1)]);
        expect(await ids('contoso')).toHaveLength(5);
        expect(await ids('nobody')).toEqual([]);
        // Not a word in the text: punctuation and quotes are separators, never syntax.
        expect(await ids('"ann*" (-')).toEqual([uid(3), uid(1), uid(4), uid(5)]);
        expect(await ids('  ')).toHaveLength(5);
      });

      it('pages a search with a cursor, and a search of B never finds A', async () => {
        const all = Array.from({ length: 7 }, (_, i) =>
          employee(uid(i + 1), { fields: { displayName: `Pat ${uid(i + 1)}` } }),
        );
        await store.employees.apply(A, { upserts: all, removals: [] });
        const first = await store.employees.page(A, { limit: 4, search: 'pat' });
        const rest = await store.employees.page(A, { limit: 4, search: 'pat', after: first.next! });
        expect([...first.items, ...rest.items]).toEqual(all);
        expect(rest.next).toBeUndefined();
        expect((await store.employees.page(B, { limit: 10, search: 'pat' })).items).toEqual([]);
      });

      it('finds renamed employees by their new name only', async () => {
        await store.employees.apply(A, {
          upserts: [employee(uid(1), { fields: { displayName: 'Old Name' } })],
          removals: [],
        });
        await store.employees.apply(A, {
          upserts: [employee(uid(1), { fields: { displayName: 'New Name' }, hash: 'h2' })],
          removals: [],
        });
        const search = async (text: string) =>
          (await store.employees.page(A, { limit: 5, search: text })).items.length;
        expect(await search('old')).toBe(0);
        expect(await search('new name')).toBe(1);
        await store.employees.apply(A, { upserts: [], removals: [uid(1)] });
        expect(await search('new')).toBe(0);
      });

      it('gives every page as JSON text too, the same employees and cursor', async () => {
        const all = Array.from({ length: 7 }, (_, i) =>
          employee(uid(i + 1), {
            fields: { displayName: `Pat "Ö\\" ${uid(i + 1)}`, department: i % 2 ? 'IT' : null },
          }),
        );
        await store.employees.apply(A, { upserts: all, removals: [] });
        const queries = [
          { limit: 3 },
          { limit: 50 },
          { limit: 3, search: 'pat' },
          { limit: 3, search: 'it' },
          { limit: 3, search: 'nobody' },
        ];
        for (const query of queries) {
          let after: string | undefined;
          do {
            const paged = { ...query, ...(after === undefined ? {} : { after }) };
            const page = await store.employees.page(A, paged);
            const asJson = await store.employees.pageJson(A, paged);
            expect(asJson.items.map(parseJsonText)).toEqual(page.items);
            expect(asJson.next).toBe(page.next);
            after = page.next;
          } while (after !== undefined);
        }
        expect((await store.employees.pageJson(B, { limit: 10 })).items).toEqual([]);
      });

      it('pages unsearched after a search, following the writes since', async () => {
        await store.employees.apply(A, { upserts: employees(5), removals: [] });
        // A search first: the embedded store then pages from its in-memory index.
        expect((await store.employees.page(A, { limit: 2, search: 'x' })).items).toEqual([]);
        await store.employees.apply(A, {
          upserts: [employee(uid(6)), employee(uid(2), { hash: 'h2', email: 'new@contoso.test' })],
          removals: [uid(1)],
        });
        const first = await store.employees.page(A, { limit: 3 });
        const rest = await store.employees.pageJson(A, { limit: 3, after: first.next! });
        const listed = [...first.items, ...rest.items.map(parseJsonText)];
        expect(listed.map((e) => e.id)).toEqual([2, 3, 4, 5, 6].map(uid));
        expect(listed[0]?.email).toBe('new@contoso.test');
        expect(rest.next).toBeUndefined();
      });

      it('refuses a page size below 1', async () => {
        await expect(store.employees.page(A, { limit: 0 })).rejects.toThrow();
      });

      it('hashes a large tenant in one call', async () => {
        await store.employees.apply(A, { upserts: employees(5000), removals: [] });
        const hashes = await store.employees.hashes(A);
        expect(hashes.size).toBe(5000);
        expect(hashes.get(uid(4321))).toBe(`h-${uid(4321)}`);
        // 5,000 writes to the in-memory Cosmos peer take seconds on a busy machine.
      }, 30_000);
    });

    describe('runs', () => {
      it('keeps what an admin decided about held removals', async () => {
        const held = run(A, 'run-1', '2025-03-01T10:00:00.000Z', {
          status: 'held',
          heldBecause: 'too many',
        });
        await store.runs.start(held);
        const resolved: SyncRun = {
          ...held,
          resolution: {
            action: 'confirmed',
            by: { userId: 'u-adele', name: 'Adele' },
            at: '2025-03-01T11:00:00.000Z',
            removed: 3,
          },
        };
        await store.runs.update(resolved);
        expect(await store.runs.get(A, 'run-1')).toEqual(resolved);
        expect(await store.runs.list(A, { limit: 1 })).toEqual([resolved]);
      });

      it('starts a run and reads it back', async () => {
        const started = run(A, 'run-1', '2025-03-01T10:00:00.000Z', { trigger: 'card' });
        await store.runs.start(started);
        expect(await store.runs.get(A, 'run-1')).toEqual(started);
        expect(await store.runs.get(A, 'run-2')).toBeUndefined();
      });

      it('refuses to start a run id twice', async () => {
        await store.runs.start(run(A, 'run-1', '2025-03-01T10:00:00.000Z'));
        await expect(store.runs.start(run(A, 'run-1', '2025-03-01T11:00:00.000Z'))).rejects.toThrow(
          StoreConflict,
        );
      });

      it('replaces a run on update', async () => {
        await store.runs.start(run(A, 'run-1', '2025-03-01T10:00:00.000Z'));
        const ended = run(A, 'run-1', '2025-03-01T10:00:00.000Z', {
          endedAt: '2025-03-01T10:02:00.000Z',
          status: 'held',
          round: 'delta',
          counts: {
            added: 3,
            updated: 2,
            removed: 0,
            held: 40,
            unchanged: 9,
            skipped: { guest: 4 },
          },
          heldBecause: '40 removals exceed the limit of 10',
          errors: ['page 3 retried'],
        });
        await store.runs.update(ended);
        expect(await store.runs.get(A, 'run-1')).toEqual(ended);
      });

      it('keeps why a run failed', async () => {
        const failed = run(A, 'run-2', '2025-03-01T11:00:00.000Z', {
          endedAt: '2025-03-01T11:00:05.000Z',
          status: 'failed',
          errors: ['Entra ID refused a token'],
          failure: 'not-authorized',
        });
        await store.runs.start(run(A, 'run-2', '2025-03-01T11:00:00.000Z'));
        await store.runs.update(failed);
        expect(await store.runs.get(A, 'run-2')).toEqual(failed);
        expect((await store.runs.list(A, { limit: 1 }))[0]).toEqual(failed);
      });

      it('refuses to update a run that does not exist', async () => {
        await expect(
          store.runs.update(run(A, 'gone', '2025-03-01T10:00:00.000Z', { status: 'failed' })),
        ).rejects.toThrow(StoreConflict);
        expect(await store.runs.get(A, 'gone')).toBeUndefined();
      });

      it('lists newest first, up to the limit', async () => {
        await store.runs.start(run(A, 'r-mid', '2025-03-02T00:00:00.000Z'));
        await store.runs.start(run(A, 'r-new', '2025-03-03T00:00:00.000Z'));
        await store.runs.start(run(A, 'r-old', '2025-03-01T00:00:00.000Z'));
        const ids = async (limit: number) => (await store.runs.list(A, { limit })).map((r) => r.id);
        expect(await ids(10)).toEqual(['r-new', 'r-mid', 'r-old']);
        expect(await ids(2)).toEqual(['r-new', 'r-mid']);
      });

      it('pages changes in the order they were added', async () => {
        await store.runs.start(run(A, 'run-1', '2025-03-01T10:00:00.000Z'));
        const kinds: RunChange['kind'][] = ['added', 'updated', 'removed', 'held', 'skipped'];
        const all = Array.from({ length: 25 }, (_, i) => change(i + 1, kinds[i % 5]));
        // Two calls, as a run adds changes page by page.
        await store.runs.addChanges(A, 'run-1', all.slice(0, 12));
        await store.runs.addChanges(A, 'run-1', all.slice(12));

        const seen = await collectChanges(store, A, 'run-1', 10);
        expect(seen.sizes).toEqual([10, 10, 5]);
        expect(seen.items).toEqual(all);
      });

      it('filters changes by kind, paging within the kind', async () => {
        await store.runs.start(run(A, 'run-1', '2025-03-01T10:00:00.000Z'));
        const all = Array.from({ length: 30 }, (_, i) =>
          change(i + 1, i % 3 === 0 ? 'updated' : 'skipped'),
        );
        await store.runs.addChanges(A, 'run-1', all);

        const updated = await collectChanges(store, A, 'run-1', 4, 'updated');
        expect(updated.sizes).toEqual([4, 4, 2]);
        expect(updated.items).toEqual(all.filter((c) => c.kind === 'updated'));
        expect((await store.runs.changes(A, 'run-1', { limit: 5, kind: 'held' })).items).toEqual(
          [],
        );
      });

      it('has no changes for a run without any', async () => {
        await store.runs.start(run(A, 'run-1', '2025-03-01T10:00:00.000Z'));
        await store.runs.addChanges(A, 'run-1', []);
        expect(await store.runs.changes(A, 'run-1', { limit: 10 })).toEqual({ items: [] });
        expect(await store.runs.changes(A, 'no-such-run', { limit: 10 })).toEqual({ items: [] });
      });

      it('keeps the changes of each run apart', async () => {
        await store.runs.start(run(A, 'run-1', '2025-03-01T10:00:00.000Z'));
        await store.runs.start(run(A, 'run-2', '2025-03-01T11:00:00.000Z'));
        await store.runs.addChanges(A, 'run-1', [change(1)]);
        await store.runs.addChanges(A, 'run-2', [change(2), change(3)]);
        await store.runs.addChanges(A, 'run-1', [change(4)]);
        expect((await store.runs.changes(A, 'run-1', { limit: 10 })).items).toEqual([
          change(1),
          change(4),
        ]);
      });

      it('prunes runs started before the timestamp, with their changes, in every tenant', async () => {
        for (const t of [A, B]) {
          await store.runs.start(run(t, 'old', '2025-01-01T00:00:00.000Z'));
          await store.runs.start(run(t, 'edge', '2025-02-01T00:00:00.000Z'));
          await store.runs.start(run(t, 'new', '2025-03-01T00:00:00.000Z'));
          await store.runs.addChanges(t, 'old', [change(1), change(2)]);
          await store.runs.addChanges(t, 'new', [change(3)]);
        }

        expect(await store.runs.prune('2025-02-01T00:00:00.000Z')).toBe(2);

        for (const t of [A, B]) {
          expect((await store.runs.list(t, { limit: 10 })).map((r) => r.id)).toEqual([
            'new',
            'edge',
          ]);
          expect(await store.runs.get(t, 'old')).toBeUndefined();
          expect((await store.runs.changes(t, 'old', { limit: 10 })).items).toEqual([]);
          expect((await store.runs.changes(t, 'new', { limit: 10 })).items).toEqual([change(3)]);
        }
        expect(await store.runs.prune('2025-02-01T00:00:00.000Z')).toBe(0);
      });

      it('compares prune timestamps as instants, not as text', async () => {
        await store.runs.start(run(A, 'run-1', '2025-03-01T10:00:00.000Z'));
        // 11:30+02:00 is 09:30Z, before the run; as text it would sort after it.
        expect(await store.runs.prune('2025-03-01T11:30:00+02:00')).toBe(0);
        expect(await store.runs.prune('2025-03-01T12:30:00+02:00')).toBe(1);
      });
    });

    describe('admins', () => {
      it('records admins per tenant, refreshes them and forgets them', async () => {
        const adele = {
          userId: 'u-adele',
          name: 'Adele Vance',
          lastSeenAt: '2025-01-01T00:00:00.000Z',
        };
        const alex = {
          userId: 'u-alex',
          name: 'Alex Wilber',
          lastSeenAt: '2025-01-01T00:00:00.000Z',
        };
        await store.admins.record(A, alex);
        await store.admins.record(A, adele);
        await store.admins.record(B, adele);
        expect(await store.admins.list(A)).toEqual([adele, alex]);

        const later = { ...alex, name: 'Alex W.', lastSeenAt: '2025-02-01T00:00:00.000Z' };
        await store.admins.record(A, later);
        expect(await store.admins.get(A, 'u-alex')).toEqual(later);

        await store.admins.remove(A, 'u-adele');
        await store.admins.remove(A, 'u-nobody');
        expect(await store.admins.list(A)).toEqual([later]);
        expect(await store.admins.get(A, 'u-adele')).toBeUndefined();
        expect(await store.admins.get(B, 'u-adele')).toEqual(adele);
        expect(await store.admins.get(B, 'u-alex')).toBeUndefined();
      });

      it('goes with the tenant', async () => {
        await store.tenants.save(tenant(A), 0);
        await store.admins.record(A, { userId: 'u1', name: 'N', lastSeenAt: 'x' });
        await store.tenants.remove(A);
        expect(await store.admins.list(A)).toEqual([]);
      });
    });

    describe('conversations', () => {
      const reference = (tenantId: string, userId: string, over: object = {}) => ({
        userId,
        conversationId: `a:conversation-${userId}`,
        serviceUrl: 'https://smba.trafficmanager.test/emea/',
        channelId: 'msteams',
        botId: '28:roster-bot',
        tenantId,
        savedAt: '2025-03-01T10:00:00.000Z',
        ...over,
      });

      it('saves one reference per admin, replaces it, lists them and forgets one', async () => {
        expect(await store.conversations.list(A)).toEqual([]);
        await store.conversations.save(A, reference(A, 'u-b'));
        await store.conversations.save(A, reference(A, 'u-a'));
        expect(await store.conversations.list(A)).toEqual([
          reference(A, 'u-a'),
          reference(A, 'u-b'),
        ]);

        // Installing again in a new conversation replaces the old reference.
        const moved = reference(A, 'u-b', {
          conversationId: 'a:conversation-new',
          serviceUrl: 'https://smba.trafficmanager.test/amer/',
          savedAt: '2025-03-02T10:00:00.000Z',
        });
        await store.conversations.save(A, moved);
        expect(await store.conversations.list(A)).toEqual([reference(A, 'u-a'), moved]);

        await store.conversations.remove(A, 'u-a');
        await store.conversations.remove(A, 'u-nobody');
        expect(await store.conversations.list(A)).toEqual([moved]);
      });

      it('hands back the port fields only', async () => {
        // As an activity's reference may come: with more than the port names.
        const fromActivity = { ...reference(A, 'u-a'), locale: 'en-GB', user: { id: '29:x' } };
        await store.conversations.save(A, fromActivity);
        expect(await store.conversations.list(A)).toEqual([reference(A, 'u-a')]);
      });

      it('refuses a reference of another tenant, or without a user id, saving nothing', async () => {
        await expect(store.conversations.save(A, reference(B, 'u-a'))).rejects.toThrow(RangeError);
        await expect(store.conversations.save(A, reference(A, ''))).rejects.toThrow(RangeError);
        expect(await store.conversations.list(A)).toEqual([]);
        expect(await store.conversations.list(B)).toEqual([]);
      });

      it('keeps tenants apart: the same user in two tenants, each removed on its own', async () => {
        await store.conversations.save(A, reference(A, 'u-a'));
        await store.conversations.save(B, reference(B, 'u-a', { conversationId: 'a:in-b' }));
        expect(await store.conversations.list(A)).toEqual([reference(A, 'u-a')]);
        expect(await store.conversations.list(B)).toEqual([
          reference(B, 'u-a', { conversationId: 'a:in-b' }),
        ]);

        await store.conversations.remove(B, 'u-a');
        expect(await store.conversations.list(B)).toEqual([]);
        expect(await store.conversations.list(A)).toEqual([reference(A, 'u-a')]);
      });

      it.each(['remove', 'unlink'] as const)('goes with the tenant on %s', async (how) => {
        for (const t of [A, B]) {
          await store.tenants.save(tenant(t), 0);
          await store.conversations.save(t, reference(t, 'u-a'));
        }
        await store.tenants[how](A);
        expect(await store.conversations.list(A)).toEqual([]);
        expect(await store.conversations.list(B)).toEqual([reference(B, 'u-a')]);
      });
    });

    describe('delta state', () => {
      const state = {
        deltaLink: 'https://graph.test/v1.0/users/delta?$deltatoken=abc',
        fingerprint: 'fp-1',
        savedAt: '2025-03-01T10:00:00.000Z',
      };

      it('saves, replaces and clears a tenant delta state', async () => {
        expect(await store.deltas.get(A)).toBeUndefined();
        await store.deltas.save(A, state);
        expect(await store.deltas.get(A)).toEqual(state);
        const next = { ...state, deltaLink: `${state.deltaLink}2`, fingerprint: 'fp-2' };
        await store.deltas.save(A, next);
        expect(await store.deltas.get(A)).toEqual(next);
        await store.deltas.clear(A);
        expect(await store.deltas.get(A)).toBeUndefined();
        await expect(store.deltas.clear(A)).resolves.toBeUndefined();
      });
    });

    describe('leases', () => {
      const t0 = '2025-03-01T10:00:00.000Z';
      const t5 = '2025-03-01T10:05:00.000Z';
      const t10 = '2025-03-01T10:10:00.000Z';
      const t20 = '2025-03-01T10:20:00.000Z';

      it('gives the lease to one holder until it expires', async () => {
        expect(await store.leases.acquire(A, 'h1', t0, t10)).toBe(true);
        expect(await store.leases.acquire(A, 'h2', t5, t20)).toBe(false);
        // Expiry is inclusive: at expiresAt the lease is free.
        expect(await store.leases.acquire(A, 'h2', t10, t20)).toBe(true);
        expect(await store.leases.acquire(A, 'h1', t10, t20)).toBe(false);
      });

      it('lets the holder take its own lease again, extending it', async () => {
        expect(await store.leases.acquire(A, 'h1', t0, t5)).toBe(true);
        expect(await store.leases.acquire(A, 'h1', t0, t20)).toBe(true);
        expect(await store.leases.acquire(A, 'h2', t10, t20)).toBe(false);
      });

      it('renews for the holder only, and not once another holder took over', async () => {
        await store.leases.acquire(A, 'h1', t0, t5);
        expect(await store.leases.renew(A, 'h1', t20)).toBe(true);
        expect(await store.leases.acquire(A, 'h2', t10, t20)).toBe(false);
        expect(await store.leases.renew(A, 'h2', t20)).toBe(false);

        expect(await store.leases.acquire(A, 'h2', t20, '2025-03-01T11:00:00.000Z')).toBe(true);
        expect(await store.leases.renew(A, 'h1', '2025-03-01T12:00:00.000Z')).toBe(false);
        expect(await store.leases.renew(A, 'h1', t20)).toBe(false);
      });

      it('releases for the holder only', async () => {
        await store.leases.acquire(A, 'h1', t0, t20);
        await store.leases.release(A, 'h2');
        expect(await store.leases.acquire(A, 'h2', t5, t20)).toBe(false);
        await store.leases.release(A, 'h1');
        expect(await store.leases.renew(A, 'h1', t20)).toBe(false);
        expect(await store.leases.acquire(A, 'h2', t5, t20)).toBe(true);
        await expect(store.leases.release(B, 'nobody')).resolves.toBeUndefined();
      });

      it('gives a contested lease to exactly one of many racing holders', async () => {
        const holders = Array.from({ length: 8 }, (_, i) => `h${i}`);
        const results = await Promise.all(holders.map((h) => store.leases.acquire(A, h, t0, t10)));
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = holders[results.indexOf(true)]!;
        expect(await store.leases.renew(A, winner, t20)).toBe(true);
      });
    });

    describe('tenant isolation', () => {
      it('shows nothing of tenant A through tenant B, and B writes never touch A', async () => {
        // The same employee and run ids in both tenants prove records are keyed by tenant.
        await store.tenants.save(tenant(A), 0);
        await store.employees.apply(A, { upserts: employees(5), removals: [] });
        await store.runs.start(run(A, 'run-1', '2025-03-01T10:00:00.000Z'));
        await store.runs.addChanges(A, 'run-1', [change(1), change(2, 'updated')]);
        await store.deltas.save(A, {
          deltaLink: 'https://graph.test/delta?a',
          fingerprint: 'fa',
          savedAt: '2025-03-01T10:00:00.000Z',
        });
        expect(
          await store.leases.acquire(
            A,
            'holder-a',
            '2025-03-01T10:00:00.000Z',
            '2025-03-01T11:00:00.000Z',
          ),
        ).toBe(true);

        expect(await store.tenants.get(B)).toBeUndefined();
        expect(await store.employees.hashes(B)).toEqual(new Map());
        expect(await store.employees.getMany(B, [uid(1), uid(2)])).toEqual([]);
        expect(await store.employees.page(B, { limit: 10 })).toEqual({ items: [] });
        expect(await store.employees.count(B)).toBe(0);
        expect(await store.runs.get(B, 'run-1')).toBeUndefined();
        expect(await store.runs.list(B, { limit: 10 })).toEqual([]);
        expect((await store.runs.changes(B, 'run-1', { limit: 10 })).items).toEqual([]);
        expect(await store.deltas.get(B)).toBeUndefined();
        // A's lease neither blocks B nor can be renewed or released through B.
        expect(await store.leases.renew(B, 'holder-a', '2025-03-01T12:00:00.000Z')).toBe(false);
        await store.leases.release(B, 'holder-a');
        expect(
          await store.leases.acquire(
            B,
            'holder-b',
            '2025-03-01T10:00:00.000Z',
            '2025-03-01T11:00:00.000Z',
          ),
        ).toBe(true);
        expect(
          await store.leases.acquire(
            A,
            'holder-b',
            '2025-03-01T10:30:00.000Z',
            '2025-03-01T11:00:00.000Z',
          ),
        ).toBe(false);

        // Writes through B with A's ids land in B only.
        await store.tenants.save(tenant(B), 0);
        expect(
          await store.employees.apply(B, {
            upserts: [employee(uid(1), { hash: 'h-b' })],
            removals: [uid(2), uid(3)],
          }),
        ).toBe(1);
        await store.runs.start(run(B, 'run-1', '2025-03-01T10:30:00.000Z', { trigger: 'cli' }));
        await expect(
          store.runs.update(run(B, 'run-1', '2025-03-01T10:30:00.000Z', { status: 'failed' })),
        ).resolves.toBeUndefined();
        await store.deltas.clear(B);
        await store.tenants.remove(B);

        expect(await store.tenants.get(A)).toEqual({ ...tenant(A), version: 1 });
        expect(await store.employees.hashes(A)).toEqual(
          new Map(employees(5).map((e) => [e.id, e.hash])),
        );
        expect(await store.runs.get(A, 'run-1')).toEqual(
          run(A, 'run-1', '2025-03-01T10:00:00.000Z'),
        );
        expect((await store.runs.changes(A, 'run-1', { limit: 10 })).items).toEqual([
          change(1),
          change(2, 'updated'),
        ]);
        expect((await store.deltas.get(A))?.fingerprint).toBe('fa');
        expect(await store.leases.renew(A, 'holder-a', '2025-03-01T12:00:00.000Z')).toBe(true);
      });
    });
  });
}

function sortById(list: Employee[]): Employee[] {
  return [...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

async function collectChanges(
  store: RosterStore,
  tenantId: string,
  runId: string,
  limit: number,
  kind?: RunChange['kind'],
): Promise<{ items: RunChange[]; sizes: number[] }> {
  const items: RunChange[] = [];
  const sizes: number[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.runs.changes(tenantId, runId, {
      limit,
      ...(after === undefined ? {} : { after }),
      ...(kind === undefined ? {} : { kind }),
    });
    items.push(...page.items);
    sizes.push(page.items.length);
    if (page.next === undefined) return { items, sizes };
    after = page.next;
  }
}
