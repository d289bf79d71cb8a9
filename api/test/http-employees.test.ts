import { generateTenants, type TenantData } from '@roster/emulator';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Employee } from '../src/domain/employee.js';
import { foldText, searchWords } from '../src/domain/employee-search.js';
import { defaultTenantSettings } from '../src/domain/settings.js';
import type { SyncRun } from '../src/ports/store.js';
import { linkTenant } from '../src/sync/link-tenant.js';
import type { SyncLauncher } from '../src/sync/sync-launcher.js';
import { startHarness, type Harness } from './support/emulator-harness.js';
import { testApp, tokenFor } from './support/test-app.js';

/** The directory over HTTP (search, details, explanations), held removals, and admins. */
describe('employees, explanations and held removals over HTTP', () => {
  let h: Harness;
  let app: Express;
  let launcher: SyncLauncher;
  let tenants: TenantData[];
  const tokens = { adminA: '', userA: '', adminB: '' };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const tenantA = () => tenants[0]!;
  const get = (path: string, token = tokens.adminA) => request(app).get(path).set(bearer(token));
  const post = (path: string, token = tokens.adminA) => request(app).post(path).set(bearer(token));

  const syncA = async (): Promise<SyncRun> => {
    const started = await post('/api/sync').expect(202);
    await launcher.idle();
    const run = await get(`/api/runs/${(started.body.run as SyncRun).id}`).expect(200);
    return run.body.run as SyncRun;
  };

  const allEmployees = async (): Promise<Employee[]> =>
    (await get('/api/employees?limit=200').expect(200)).body.employees as Employee[];

  beforeAll(async () => {
    tenants = generateTenants(2, { usersPerTenant: 80, seed: 53 });
    h = await startHarness({ tenants });
    await linkTenant(
      { store: h.roster.store, directory: h.roster.directory, clock: h.roster.clock },
      tenantA().id,
    );
    ({ app, launcher } = await testApp(h));
    tokens.adminA = await tokenFor(h, tenantA(), 0);
    tokens.userA = await tokenFor(h, tenantA(), 1);
    tokens.adminB = await tokenFor(h, tenants[1]!, 0);
    // Clean Up on, with a low threshold: removing a tenth of the directory is held.
    const stored = await h.roster.store.tenants.get(tenantA().id);
    await h.roster.store.tenants.save(
      {
        ...stored!,
        settings: {
          ...defaultTenantSettings(),
          cleanUp: true,
          deletionThreshold: { percent: 5, absolute: 500 },
        },
      },
      stored!.version,
    );
    expect((await syncA()).status).toBe('succeeded');
  });
  afterAll(async () => {
    await launcher.idle();
    await h.close();
  });

  it('lists the directory in name order and searches it by word prefix', async () => {
    const all = await allEmployees();
    expect(all.length).toBeGreaterThan(20);
    const names = all.map((e) => foldText(e.fields['displayName'] ?? e.email));
    expect(names).toEqual([...names].sort());

    // Search for the start of someone's surname: everyone with a word starting so is found.
    const someone = all.find((e) => (e.fields['lastName'] ?? '').length >= 4)!;
    const prefix = someone.fields['lastName']!.slice(0, 3);
    const wordsOf = (e: Employee) =>
      searchWords(
        [...Object.values(e.fields), e.email, ...e.aliases].filter((v) => v !== null).join(' '),
      );
    const expected = all
      .filter((e) => wordsOf(e).some((w) => w.startsWith(foldText(prefix))))
      .map((e) => e.id);
    const found = await get(`/api/employees?search=${encodeURIComponent(prefix.toUpperCase())}`)
      .expect(200)
      .then((res) => (res.body.employees as Employee[]).map((e) => e.id));
    expect(found).toContain(someone.id);
    expect(found).toEqual(expected);

    // The same search a page of two at a time, following opaque cursors.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `search=${encodeURIComponent(prefix)}&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`;
      const res = await get(`/api/employees?${query}`).expect(200);
      paged.push(...(res.body.employees as Employee[]).map((e) => e.id));
      cursor = res.body.next as string | null;
      if (cursor !== null) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor !== null);
    expect(paged).toEqual(expected);
  });

  it('sends the employees as stored, in any script, as UTF-8 JSON', async () => {
    const stored = (await h.roster.store.employees.page(tenantA().id, { limit: 1 })).items[0]!;
    const renamed = {
      ...stored,
      fields: { ...stored.fields, displayName: 'Zoë "Ωmega" Åström \\ 山田 🌍' },
    };
    await h.roster.store.employees.apply(tenantA().id, { upserts: [renamed], removals: [] });
    try {
      for (const query of ['search=%CE%A9mega', 'search=zoe%20astr', 'limit=200']) {
        const res = await get(`/api/employees?${query}`).expect(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const listed = (res.body.employees as Employee[]).find((e) => e.id === stored.id);
        expect(listed).toEqual(renamed);
        expect(res.body.columns).toContainEqual({ key: 'displayName', label: 'Display name' });
      }
    } finally {
      await h.roster.store.employees.apply(tenantA().id, { upserts: [stored], removals: [] });
    }
  });

  it.each([
    ['a cursor the API never gave', 'cursor=not%20a%20cursor!'],
    ['a search too long', `search=${'a'.repeat(201)}`],
    ['a control character', 'search=ann%00'],
    ['an unknown parameter', 'sort=name'],
    ['a page too big', 'limit=5000'],
  ])('refuses %s with 400 invalid_request', async (_what, query) => {
    const res = await get(`/api/employees?${query}`).expect(400);
    expect(res.body.error.code).toBe('invalid_request');
  });

  it('shows an employee with the reason they are in, and explains anyone who is not', async () => {
    const [first] = await allEmployees();
    const detail = await get(`/api/employees/${first!.id}`).expect(200);
    expect(detail.body.employee.id).toBe(first!.id);
    expect(detail.body.explanation).toMatchObject({
      userId: first!.id,
      included: true,
      reason: null,
      email: { address: first!.email, source: first!.emailSource },
    });

    const stored = new Set((await allEmployees()).map((e) => e.id));
    const outsider = tenantA().users.find((u) => !stored.has(u['id']))!;
    const why = await get(
      `/api/explain?user=${encodeURIComponent(outsider['userPrincipalName'])}`,
    ).expect(200);
    expect(why.body.explanation).toMatchObject({ userId: outsider['id'], included: false });
    expect(why.body.explanation.reason.code).toEqual(expect.any(String));
  });

  it('keeps explain requests from becoming Graph queries', async () => {
    for (const user of ["x' or 1 eq 1", '../organization', 'a b@contoso.com']) {
      const res = await get(`/api/explain?user=${encodeURIComponent(user)}`).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    // Well formed but unknown, quote and all: Graph is asked for exactly that user.
    const res = await get(`/api/explain?user=${encodeURIComponent("o'brien@nowhere.test")}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('user_not_found');
  });

  it('holds a mass removal until an admin confirms it, once', async () => {
    const before = await allEmployees();
    const gone = before.slice(0, 8).map((e) => e.id);
    await h.control(
      'POST',
      `/tenants/${tenantA().id}/changes`,
      gone.map((id) => ({ op: 'delete', id })),
    );
    const held = await syncA();
    expect(held).toMatchObject({ status: 'held', counts: { held: 8, removed: 0 } });
    expect((await allEmployees()).map((e) => e.id)).toEqual(expect.arrayContaining(gone));

    await post(`/api/runs/${held.id}/removals/confirm`, tokens.userA).expect(403);
    await post(`/api/runs/${held.id}/removals/confirm`, tokens.adminB).expect(404);
    const confirmed = await post(`/api/runs/${held.id}/removals/confirm`).expect(200);
    expect(confirmed.body.run.resolution).toMatchObject({
      action: 'confirmed',
      removed: 8,
      by: { userId: tenantA().users[0]!['id'] },
    });
    const after = (await allEmployees()).map((e) => e.id);
    expect(after).toHaveLength(before.length - 8);
    for (const id of gone) expect(after).not.toContain(id);

    const again = await post(`/api/runs/${held.id}/removals/discard`).expect(409);
    expect(again.body.error.code).toBe('held_removals_resolved');
    // The next sync reads every user (the hold left no delta link) and finds nothing to do.
    const next = await syncA();
    expect(next).toMatchObject({ round: 'full', status: 'succeeded', counts: { removed: 0 } });
    const late = await post(`/api/runs/${next.id}/removals/confirm`).expect(409);
    expect(late.body.error.code).toBe('no_held_removals');
  });

  it('keeps held employees on discard, and asks again at the next sync', async () => {
    const gone = (await allEmployees()).slice(0, 6).map((e) => e.id);
    await h.control(
      'POST',
      `/tenants/${tenantA().id}/changes`,
      gone.map((id) => ({ op: 'delete', id })),
    );
    const first = await syncA();
    expect(first.status).toBe('held');
    // A later sync decided afresh: only its hold can be answered.
    const second = await syncA();
    expect(second).toMatchObject({ round: 'full', status: 'held', counts: { held: 6 } });
    const stale = await post(`/api/runs/${first.id}/removals/confirm`).expect(409);
    expect(stale.body.error.code).toBe('held_removals_superseded');

    const discarded = await post(`/api/runs/${second.id}/removals/discard`).expect(200);
    expect(discarded.body.run.resolution).toMatchObject({ action: 'discarded', removed: 0 });
    expect((await allEmployees()).map((e) => e.id)).toEqual(expect.arrayContaining(gone));

    const asked = await syncA();
    expect(asked).toMatchObject({ round: 'full', status: 'held', counts: { held: 6 } });
    const confirmed = await post(`/api/runs/${asked.id}/removals/confirm`).expect(200);
    expect(confirmed.body.run.resolution.removed).toBe(6);
  });

  it('records the admins who use Roster, and forgets one who lost the role', async () => {
    await get('/api/me').expect(200);
    await get('/api/me', tokens.userA).expect(200);
    const admins = await h.roster.store.admins.list(tenantA().id);
    expect(admins.map((a) => a.userId)).toEqual([tenantA().users[0]!['id']]);
    expect(admins[0]!.name).toEqual(tenantA().users[0]!['displayName']);

    const demoted = await tokenFor(h, tenantA(), 0, { wids: [] });
    await get('/api/me', demoted).expect(200);
    expect(await h.roster.store.admins.list(tenantA().id)).toEqual([]);
  });

  it('unlinks keeping the directory unless asked to delete it', async () => {
    const count = await h.roster.store.employees.count(tenantA().id);
    const tenant = await get('/api/tenant').expect(200);
    expect(tenant.body.linkedBy).toBeNull();

    await request(app).delete('/api/tenant/link').set(bearer(tokens.adminA)).expect(204);
    expect((await get('/api/me').expect(200)).body.tenantLinked).toBe(false);
    expect(await h.roster.store.employees.count(tenantA().id)).toBe(count);
    await request(app).delete('/api/tenant/link').set(bearer(tokens.adminA)).expect(404);

    await request(app)
      .delete('/api/tenant/link?deleteData=maybe')
      .set(bearer(tokens.adminA))
      .expect(400);
    await request(app)
      .delete('/api/tenant/link?deleteData=true')
      .set(bearer(tokens.adminA))
      .expect(204);
    expect(await h.roster.store.employees.count(tenantA().id)).toBe(0);
  });
});
