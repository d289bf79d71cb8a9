import { generateTenants, type TenantData } from '@roster/emulator';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch } from 'undici';
import { SyncLauncher } from '../src/sync/sync-launcher.js';
import { linkTenant } from '../src/sync/link-tenant.js';
import { loadSettings } from '../src/sync/tenant-settings.js';
import type { PreviewResult } from '../src/sync/preview-sync.js';
import type { SyncRun } from '../src/ports/store.js';
import type { Employee } from '../src/domain/employee.js';
import { foldText } from '../src/domain/employee-search.js';
import { startHarness, type Harness } from './support/emulator-harness.js';
import { testApp, testRedirectUri, tokenFor } from './support/test-app.js';

describe('the HTTP API with tokens from the emulator', () => {
  let h: Harness;
  let app: Express;
  let launcher: SyncLauncher;
  let tenants: TenantData[];
  let redirectUri = '';
  const tokens: Record<'adminA' | 'userA' | 'adminB', string> = {
    adminA: '',
    userA: '',
    adminB: '',
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    tenants = generateTenants(2, { usersPerTenant: 40, seed: 31 });
    h = await startHarness({ tenants });
    const deps = { store: h.roster.store, directory: h.roster.directory, clock: h.roster.clock };
    await linkTenant(deps, tenants[0]!.id);
    ({ app, launcher } = await testApp(h));
    redirectUri = testRedirectUri;
    tokens.adminA = await tokenFor(h, tenants[0]!, 0);
    tokens.userA = await tokenFor(h, tenants[0]!, 1);
    tokens.adminB = await tokenFor(h, tenants[1]!, 0);
  });
  afterAll(async () => {
    await launcher.idle();
    await h.close();
  });

  it('answers health checks without a token', async () => {
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    await request(app)
      .get('/readyz')
      .expect(200, { status: 'ready', checks: { store: 'ok' } });
  });

  it('refuses the API without a token, saying how to authenticate', async () => {
    const res = await request(app).get('/api/me').expect(401);
    expect(res.body).toMatchObject({ error: { code: 'missing_token' } });
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('tells who the caller is', async () => {
    const admin = await request(app).get('/api/me').set(bearer(tokens.adminA)).expect(200);
    expect(admin.body).toMatchObject({
      tenantId: tenants[0]!.id,
      userId: tenants[0]!.users[0]!.id,
      isAdmin: true,
      tenantLinked: true,
    });
    const user = await request(app).get('/api/me').set(bearer(tokens.userA)).expect(200);
    expect(user.body).toMatchObject({ isAdmin: false, tenantLinked: true });
    const other = await request(app).get('/api/me').set(bearer(tokens.adminB)).expect(200);
    expect(other.body).toMatchObject({ tenantId: tenants[1]!.id, tenantLinked: false });
  });

  it('lets an admin read and change settings with If-Match, and nobody else', async () => {
    const got = await request(app).get('/api/tenant').set(bearer(tokens.adminA)).expect(200);
    const etag = got.headers['etag'] as string;
    expect(etag).toMatch(/^"v\d+"$/);
    const settings = got.body.settings as Record<string, unknown>;

    await request(app)
      .put('/api/tenant/settings')
      .set(bearer(tokens.adminA))
      .send({ ...settings, cleanUp: true })
      .expect(428);
    const saved = await request(app)
      .put('/api/tenant/settings')
      .set({ ...bearer(tokens.adminA), 'if-match': etag })
      .send({ ...settings, cleanUp: true })
      .expect(200);
    expect(saved.headers['etag']).not.toBe(etag);
    const stale = await request(app)
      .put('/api/tenant/settings')
      .set({ ...bearer(tokens.adminA), 'if-match': etag })
      .send(settings)
      .expect(412);
    expect(stale.body.error.code).toBe('settings_changed');

    const notAdmin = await request(app).get('/api/tenant').set(bearer(tokens.userA)).expect(403);
    expect(notAdmin.body.error.code).toBe('not_admin');
    expect(notAdmin.body.error.message).toMatch(/Global Administrator/);
    await request(app).get('/api/tenant').set(bearer(tokens.adminB)).expect(404);
  });

  it('names the offending fields of invalid settings, and stores nothing', async () => {
    const got = await request(app).get('/api/tenant').set(bearer(tokens.adminA)).expect(200);
    const res = await request(app)
      .put('/api/tenant/settings')
      .set({ ...bearer(tokens.adminA), 'if-match': got.headers['etag'] })
      .send({ ...got.body.settings, scheduleIntervalMinutes: 1, surprise: true })
      .expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(JSON.stringify(res.body.error.details)).toMatch(/scheduleIntervalMinutes/);
    const after = await request(app).get('/api/tenant').set(bearer(tokens.adminA)).expect(200);
    expect(after.headers['etag']).toBe(got.headers['etag']);
  });

  it('runs Sync Now, and shows the run, its changes and the directory', async () => {
    const started = await request(app).post('/api/sync').set(bearer(tokens.adminA)).expect(202);
    const run = started.body.run as SyncRun;
    expect(run).toMatchObject({ status: 'running', trigger: 'manual' });
    await launcher.idle();

    const status = await request(app)
      .get('/api/sync/status')
      .set(bearer(tokens.adminA))
      .expect(200);
    expect(status.body).toMatchObject({ health: 'healthy', running: false, run: { id: run.id } });
    expect(Date.parse(status.body.nextScheduledAt as string)).toBeGreaterThan(Date.now());
    const done = await request(app)
      .get(`/api/runs/${run.id}`)
      .set(bearer(tokens.adminA))
      .expect(200);
    expect(done.body.run).toMatchObject({ id: run.id, status: 'succeeded' });
    const list = await request(app).get('/api/runs').set(bearer(tokens.adminA)).expect(200);
    expect(list.body.runs[0].id).toBe(run.id);
    const changes = await request(app)
      .get(`/api/runs/${run.id}/changes?kind=added&limit=5`)
      .set(bearer(tokens.adminA))
      .expect(200);
    expect(changes.body.changes).toHaveLength(5);
    expect(changes.body.next).toEqual(expect.any(String));

    const page = await request(app)
      .get('/api/employees?limit=10')
      .set(bearer(tokens.adminA))
      .expect(200);
    expect(page.body.employees).toHaveLength(10);
    expect(page.body.columns[0]).toEqual({ key: 'displayName', label: expect.any(String) });
    const next = await request(app)
      .get(`/api/employees?limit=10&cursor=${encodeURIComponent(page.body.next as string)}`)
      .set(bearer(tokens.adminA))
      .expect(200);
    // Name order, continued where the first page ended.
    const firstPage = page.body.employees as Employee[];
    const [nextFirst] = next.body.employees as Employee[];
    const nameOf = (e: Employee) => foldText(e.fields['displayName'] ?? '');
    expect(nameOf(nextFirst!) >= nameOf(firstPage[9]!)).toBe(true);
    expect(firstPage.map((e) => e.id)).not.toContain(nextFirst!.id);
    const one = await request(app)
      .get(`/api/employees/${page.body.employees[0].id as string}`)
      .set(bearer(tokens.adminA))
      .expect(200);
    expect(one.body.employee.id).toBe(page.body.employees[0].id);

    const csv = await request(app)
      .get('/api/employees/export.csv')
      .set(bearer(tokens.adminA))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\r\n').length - 1).toBe(
      await h.roster.store.employees.count(tenants[0]!.id),
    );
  });

  it('previews the saved settings or a draft, with exact counts per reason, saving nothing', async () => {
    const saved = await request(app)
      .post('/api/sync/preview')
      .set(bearer(tokens.adminA))
      .expect(200);
    const before = await h.roster.store.tenants.get(tenants[0]!.id);
    const excluded = (body: unknown, code: string) =>
      (body as PreviewResult).skipReasons.find((r) => r.code === code)?.count ?? 0;
    const guests = excluded(saved.body, 'guest');
    expect(guests).toBeGreaterThan(0);
    const total = (saved.body.skipReasons as { count: number }[]).reduce((n, r) => n + r.count, 0);
    expect(total).toBe(saved.body.counts.skip);

    const settings = loadSettings(before!.settings);
    settings.filters.presets.excludeGuests = false;
    const draft = await request(app)
      .post('/api/sync/preview')
      .set(bearer(tokens.adminA))
      .send({ settings })
      .expect(200);
    expect(excluded(draft.body, 'guest')).toBe(0);
    expect(draft.body.counts.skip).toBe(saved.body.counts.skip - guests);
    expect(await h.roster.store.tenants.get(tenants[0]!.id)).toEqual(before);
  });

  it('never shows one tenant’s data to another tenant’s admin', async () => {
    const [run] = await h.roster.store.runs.list(tenants[0]!.id, { limit: 1 });
    const { items } = await h.roster.store.employees.page(tenants[0]!.id, { limit: 1 });
    const attempts: [string, string][] = [
      ['get', '/api/tenant'],
      ['get', '/api/runs'],
      ['get', `/api/runs/${run!.id}`],
      ['get', `/api/runs/${run!.id}/changes`],
      ['get', '/api/employees'],
      ['get', `/api/employees/${items[0]!.id}`],
      ['get', '/api/employees/export.csv'],
      ['post', '/api/sync'],
      ['post', '/api/sync/preview'],
      ['get', '/api/sync/status'],
      ['get', `/api/employees?search=${encodeURIComponent(items[0]!.email.slice(0, 4))}`],
      ['get', `/api/explain?user=${encodeURIComponent(items[0]!.email)}`],
      ['post', `/api/runs/${run!.id}/removals/confirm`],
      ['post', `/api/runs/${run!.id}/removals/discard`],
      ['post', '/api/tenant/connectivity'],
      ['get', '/api/attributes'],
      ['get', '/api/groups'],
    ];
    for (const [method, path] of attempts) {
      const agent = request(app);
      const res = await (method === 'post' ? agent.post(path) : agent.get(path)).set(
        bearer(tokens.adminB),
      );
      expect([404, 200]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain(tenants[0]!.id);
      if (res.status === 200) {
        // Only empty answers about tenant B itself may succeed.
        expect(JSON.stringify(res.body)).not.toContain(items[0]!.id);
        expect(JSON.stringify(res.body)).not.toContain(run!.id);
      }
    }
  });

  it('shows a tenant whose consent was revoked as quarantined', async () => {
    await h.control('DELETE', `/tenants/${tenants[0]!.id}/consent`);
    // Tokens issued before the revocation stay valid until they expire: let them expire.
    await h.control('POST', '/clock', { advanceSeconds: 2 * 3600 });
    try {
      await request(app).post('/api/sync').set(bearer(tokens.adminA)).expect(202);
      await launcher.idle();
      const status = await request(app)
        .get('/api/sync/status')
        .set(bearer(tokens.adminA))
        .expect(200);
      expect(status.body).toMatchObject({
        health: 'quarantined',
        run: { status: 'failed', failure: 'not-authorized' },
      });
    } finally {
      await h.control('POST', `/tenants/${tenants[0]!.id}/consent`, {});
    }
  });

  /** Follows a consent URL as a browser would: opens the page, accepts, returns the redirect. */
  async function consentInBrowser(consentUrl: string, decision: 'accept' | 'cancel'): Promise<URL> {
    const browser = new Agent({ connect: { ca: h.emulator.caCertPem } });
    try {
      const page = await fetch(consentUrl, { dispatcher: browser });
      const html = await page.text();
      const form = new URLSearchParams();
      for (const [, attributes = ''] of html.matchAll(/<input\b([^>]*)>/g)) {
        const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1];
        const name = attr('name');
        if (name === undefined || (attr('type') === 'radio' && !/\schecked\b/.test(attributes)))
          continue;
        form.set(name, (attr('value') ?? '').replace(/&amp;/g, '&'));
      }
      form.set('decision', decision);
      const answer = await fetch(consentUrl, {
        method: 'POST',
        dispatcher: browser,
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      expect(answer.status).toBe(302);
      return new URL(answer.headers.get('location') ?? '');
    } finally {
      await browser.close();
    }
  }

  it('links a tenant through admin consent, once per state, confirming with Graph', async () => {
    const link = await request(app).post('/api/tenant/link').set(bearer(tokens.adminB)).expect(200);
    const consentUrl = new URL(link.body.consentUrl as string);
    expect(consentUrl.pathname).toBe(`/${tenants[1]!.id}/v2.0/adminconsent`);
    expect(consentUrl.searchParams.get('redirect_uri')).toBe(redirectUri);

    const back = await consentInBrowser(consentUrl.toString(), 'accept');
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('admin_consent')).toBe('True');
    const done = await request(app).get(`/auth/consent/callback${back.search}`).expect(200);
    expect(done.text).toContain(
      `Roster is linked to ${tenants[1]!.displayName.replace(/&/g, '&#38;')}`,
    );
    expect((await h.roster.store.tenants.get(tenants[1]!.id))?.displayName).toBe(
      tenants[1]!.displayName,
    );
    const me = await request(app).get('/api/me').set(bearer(tokens.adminB)).expect(200);
    expect(me.body.tenantLinked).toBe(true);

    // The same answer again: the state was used.
    const replay = await request(app).get(`/auth/consent/callback${back.search}`).expect(400);
    expect(replay.text).toMatch(/expired or was already used/);
  });

  it('refuses forged states, another tenant, and says when consent was cancelled', async () => {
    await request(app).get('/auth/consent/callback?state=forged.state&tenant=x').expect(400);
    await request(app).get('/auth/consent/callback').expect(400);

    const link = await request(app).post('/api/tenant/link').set(bearer(tokens.adminA)).expect(200);
    const state = new URL(link.body.consentUrl as string).searchParams.get('state') ?? '';
    const other = await request(app)
      .get(
        `/auth/consent/callback?admin_consent=True&tenant=${tenants[1]!.id}&state=${encodeURIComponent(state)}`,
      )
      .expect(400);
    expect(other.text).toMatch(/another tenant/);

    const again = await request(app)
      .post('/api/tenant/link')
      .set(bearer(tokens.adminA))
      .expect(200);
    const cancelled = await consentInBrowser(again.body.consentUrl as string, 'cancel');
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
    const page = await request(app).get(`/auth/consent/callback${cancelled.search}`).expect(200);
    expect(page.text).toMatch(/not linked/);

    await request(app).post('/api/tenant/link').set(bearer(tokens.userA)).expect(403);
  });

  it('answers bad input with a 4xx and a stable code, never a 5xx', async () => {
    const cases: [string, string, string | object | undefined, number, string][] = [
      ['put', '/api/tenant/settings', '{"fields":', 400, 'malformed_json'],
      ['put', '/api/tenant/settings', { fields: 'all of them' }, 400, 'invalid_request'],
      ['put', '/api/tenant/settings', 'x'.repeat(300_000), 413, 'payload_too_large'],
      ['get', '/api/employees?limit=1000000000', undefined, 400, 'invalid_request'],
      ['get', '/api/employees?limit=-1', undefined, 400, 'invalid_request'],
      ['get', '/api/employees?page=2', undefined, 400, 'invalid_request'],
      ['get', '/api/employees/not-a-guid', undefined, 400, 'invalid_request'],
      ['get', "/api/employees/1' or '1'='1", undefined, 400, 'invalid_request'],
      ['get', '/api/runs?limit=abc', undefined, 400, 'invalid_request'],
      ['get', '/api/runs/00000000-0000-4000-8000-000000000000', undefined, 404, 'run_not_found'],
      [
        'get',
        '/api/runs/00000000-0000-4000-8000-000000000000/changes?kind=nope',
        undefined,
        400,
        'invalid_request',
      ],
      ['get', '/api/nowhere', undefined, 404, 'not_found'],
      ['get', '/api/employees?search=%00', undefined, 400, 'invalid_request'],
      ['get', '/api/employees?cursor=%2F%2F', undefined, 400, 'invalid_request'],
      ['get', '/api/explain?user=1%20or%201', undefined, 400, 'invalid_request'],
      ['get', '/api/explain', undefined, 400, 'invalid_request'],
      ['get', '/api/groups?limit=0', undefined, 400, 'invalid_request'],
      ['post', '/api/sync', '{"full":', 400, 'malformed_json'],
      ['post', '/api/sync/preview', { settings: { fields: 'all' } }, 400, 'invalid_request'],
      ['post', '/api/sync/preview', { draft: {} }, 400, 'invalid_request'],
      ['post', '/api/sync/preview', '[1,', 400, 'malformed_json'],
      ['post', '/api/sync', 'x'.repeat(300_000), 413, 'payload_too_large'],
      ['post', '/api/runs/not-a-guid/removals/confirm', undefined, 400, 'invalid_request'],
      [
        'post',
        '/api/runs/00000000-0000-4000-8000-000000000000/removals/discard',
        undefined,
        404,
        'run_not_found',
      ],
      ['delete', '/api/tenant/link?deleteData=yes', undefined, 400, 'invalid_request'],
      ['delete', '/api/tenant/link?deleteData=true&x=1', undefined, 400, 'invalid_request'],
    ];
    const tenantBefore = await h.roster.store.tenants.get(tenants[0]!.id);
    const countBefore = await h.roster.store.employees.count(tenants[0]!.id);
    const runsBefore = await h.roster.store.runs.list(tenants[0]!.id, { limit: 100 });
    for (const [method, path, body, status, code] of cases) {
      const agent = request(app);
      const verbs = {
        get: () => agent.get(path),
        put: () => agent.put(path),
        post: () => agent.post(path),
        delete: () => agent.delete(path),
      };
      let req = verbs[method as keyof typeof verbs]().set({
        ...bearer(tokens.adminA),
        'if-match': '"v1"',
      });
      if (typeof body === 'string') req = req.set('content-type', 'application/json').send(body);
      else if (body !== undefined) req = req.send(body);
      const res = await req;
      expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({
        path,
        status,
        code,
      });
    }
    // Nothing was stored, changed or started by any of them.
    expect(await h.roster.store.tenants.get(tenants[0]!.id)).toEqual(tenantBefore);
    expect(await h.roster.store.employees.count(tenants[0]!.id)).toBe(countBefore);
    expect(await h.roster.store.runs.list(tenants[0]!.id, { limit: 100 })).toEqual(runsBefore);
  });
});
