import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessTokenValidator, Caller } from '../src/http/auth/access-token-validator.js';
import { AuthenticationError } from '../src/http/auth/authentication-error.js';
import { createApp } from '../src/http/app.js';
import type { AppDeps } from '../src/http/app-deps.js';
import { ConsentStates } from '../src/http/consent-state.js';
import { healthRoutes } from '../src/http/health-routes.js';
import type { RateLimits } from '../src/http/rate-limit.js';
import type { Clock } from '../src/ports/clock.js';
import type { DirectoryConnector, Organization } from '../src/ports/directory-source.js';
import type { RosterStore } from '../src/ports/store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-roster-store.js';
import { SyncLauncher } from '../src/sync/sync-launcher.js';
import express from 'express';

const tenantA = 'aaaaaaaa-0000-4000-8000-000000000001';
const tenantB = 'bbbbbbbb-0000-4000-8000-000000000002';
const user = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const authority = 'https://login.example.test';

/** Tokens are `tenant/user`: these tests are about what comes after authentication. */
const fakeValidator: AccessTokenValidator = {
  validate(header) {
    const [tenantId, userId] = (header ?? '').replace(/^Bearer /, '').split('/');
    if (tenantId === undefined || tenantId === '' || userId === undefined) {
      return Promise.reject(new AuthenticationError('missing_token', 'No token.'));
    }
    const caller: Caller = {
      tenantId,
      userId,
      name: 'Test User',
      username: 'test@example.test',
      roles: [],
      isAdmin: true,
    };
    return Promise.resolve(caller);
  },
};
const as = (tenantId: string, userId: string) => ({
  authorization: `Bearer ${tenantId}/${userId}`,
});

/** Graph as far as linking needs it: the organization, with a name that needs escaping. */
const organization: Organization = {
  id: tenantA,
  displayName: 'Thistle & <Marten> "Textiles"',
  verifiedDomains: [],
};
const directory = {
  connect: () => ({ organization: () => Promise.resolve(organization) }),
} as unknown as DirectoryConnector;

describe('the HTTP platform: limits, the tab, the consent page, readiness', () => {
  let store: RosterStore;
  let nowMs = Date.parse('2030-01-01T00:00:00Z');
  const clock: Clock = { now: () => new Date(nowMs) };
  let states: ConsentStates;

  const appWith = (extra: Partial<AppDeps> = {}): Express => {
    const deps = { store, directory, clock };
    states = new ConsentStates(undefined, clock);
    return createApp({
      ...deps,
      launcher: new SyncLauncher(deps, () => undefined),
      logger: pino({ level: 'silent' }),
      validator: fakeValidator,
      consent: {
        authorityHost: authority,
        clientId: '7d0c9e4a-52b3-4c8e-9f1d-3a6b2e8c4f10',
        redirectUri: 'https://roster.example/auth/consent/callback',
        states,
      },
      ...extra,
    });
  };

  beforeEach(async () => {
    store = await openSqliteStore({ file: ':memory:' });
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
  });

  describe('rate limits', () => {
    const limits: RateLimits = {
      user: { perMinute: 60, burst: 2 },
      tenant: { perMinute: 60, burst: 3 },
      consent: { perMinute: 60, burst: 2 },
    };

    it('limits each user, then the whole tenant, and says when to retry', async () => {
      const app = appWith({ rateLimits: limits });
      await request(app)
        .get('/api/me')
        .set(as(tenantA, user(1)))
        .expect(200);
      await request(app)
        .get('/api/me')
        .set(as(tenantA, user(1)))
        .expect(200);
      const refused = await request(app)
        .get('/api/me')
        .set(as(tenantA, user(1)))
        .expect(429);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body).toEqual({
        error: {
          code: 'rate_limited',
          message: 'Too many requests from you. Try again in 1 second.',
          details: { scope: 'user', retryAfterSeconds: 1 },
        },
      });

      // The refusal spent nothing of the tenant's burst of 3: a colleague gets the last one.
      await request(app)
        .get('/api/me')
        .set(as(tenantA, user(2)))
        .expect(200);
      const tenantFull = await request(app)
        .get('/api/me')
        .set(as(tenantA, user(3)))
        .expect(429);
      expect(tenantFull.body.error.details.scope).toBe('tenant');
      expect(tenantFull.body.error.message).toMatch(/your organization/);
      // Another tenant is not affected.
      await request(app)
        .get('/api/me')
        .set(as(tenantB, user(1)))
        .expect(200);

      nowMs += 1000;
      await request(app)
        .get('/api/me')
        .set(as(tenantA, user(1)))
        .expect(200);
    });

    it('authenticates first: no token is a 401, whatever the limits', async () => {
      const app = appWith({ rateLimits: { ...limits, user: { perMinute: 60, burst: 1 } } });
      for (let i = 0; i < 3; i += 1) await request(app).get('/api/me').expect(401);
    });

    it('limits the consent answers per client address', async () => {
      const app = appWith({ rateLimits: limits });
      await request(app).get('/auth/consent/callback').expect(400);
      await request(app).get('/auth/consent/callback').expect(400);
      const refused = await request(app).get('/auth/consent/callback').expect(429);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body.error).toMatchObject({
        code: 'rate_limited',
        details: { scope: 'client' },
      });
    });

    it('turns off with a rate of 0, for load benchmarks', async () => {
      const off = { perMinute: 0, burst: 1 };
      const app = appWith({ rateLimits: { user: off, tenant: off, consent: off } });
      for (let i = 0; i < 30; i += 1) {
        await request(app)
          .get('/api/me')
          .set(as(tenantA, user(1)))
          .expect(200);
      }
    });

    it('has defaults generous enough for a tab loading its pages', async () => {
      const app = appWith();
      for (let i = 0; i < 50; i += 1) {
        await request(app)
          .get('/api/me')
          .set(as(tenantA, user(1)))
          .expect(200);
      }
    });
  });

  describe('the tab', () => {
    let tabDir = '';
    beforeAll(async () => {
      tabDir = await mkdtemp(join(tmpdir(), 'roster-tab-'));
      await mkdir(join(tabDir, 'assets'));
      await writeFile(
        join(tabDir, 'index.html'),
        '<!doctype html><title>Roster tab</title><script type="module" src="/assets/x.js"></script>',
      );
      await writeFile(join(tabDir, 'assets', 'x.js'), 'console.log("tab");\n');
    });
    afterAll(async () => {
      await rm(tabDir, { recursive: true, force: true });
    });

    it('serves index.html uncached, hashed assets for good, and a CSP the tab can run under', async () => {
      const app = appWith({ tabDir });
      const index = await request(app).get('/').expect(200);
      expect(index.text).toContain('Roster tab');
      expect(index.headers['content-type']).toMatch(/text\/html/);
      expect(index.headers['cache-control']).toBe('no-cache');

      const csp = Object.fromEntries(
        String(index.headers['content-security-policy'])
          .split(';')
          .map((directive) => directive.trim().split(/\s+/))
          .map(([name = '', ...values]) => [name, values]),
      );
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['connect-src']).toEqual(expect.arrayContaining(["'self'", authority]));
      expect(csp['img-src']).toEqual(["'self'", 'data:']);
      expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp['frame-ancestors']).toContain('https://teams.microsoft.com');

      const asset = await request(app).get('/assets/x.js').expect(200);
      expect(asset.headers['content-type']).toMatch(/javascript/);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });

    it('answers browser navigations with index.html, and nothing else', async () => {
      const app = appWith({ tabDir });
      const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
      const deep = await request(app).get('/employees/some-id').set(html).expect(200);
      expect(deep.text).toContain('Roster tab');
      expect(deep.headers['cache-control']).toBe('no-cache');

      await request(app).get('/assets/missing.js').set({ accept: '*/*' }).expect(404);
      await request(app).get('/employees').set({ accept: 'application/json' }).expect(404);
      await request(app).post('/employees').set(html).expect(404);
      await request(app).get('/api/employees').set(html).expect(401);
      const auth = await request(app).get('/auth/nowhere').set(html).expect(404);
      expect(auth.body.error.code).toBe('not_found');
    });

    it('says how to build the tab when it is not built, instead of failing', async () => {
      for (const app of [appWith({ tabDir: join(tabDir, 'nowhere') }), appWith()]) {
        const res = await request(app).get('/').expect(200);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.text).toMatch(/tab is not built/);
        const deep = await request(app).get('/runs').set({ accept: 'text/html' }).expect(200);
        expect(deep.text).toMatch(/tab is not built/);
      }
    });
  });

  describe('the page that completes the consent popup', () => {
    /** The attributes of the page's `<main>`, as the script reads them. */
    const mainOf = (html: string) => /<main ([^>]*)>/.exec(html)?.[1] ?? '';
    const script = '<script type="module" src="/auth/consent/complete.js"></script>';

    it('carries the outcome for the script, and the escaped message for people', async () => {
      const app = appWith();
      const linked = await request(app)
        .get(
          `/auth/consent/callback?admin_consent=True&tenant=${tenantA}` +
            `&state=${encodeURIComponent(states.issue({ tenantId: tenantA, userId: user(1) }))}`,
        )
        .expect(200);
      expect(mainOf(linked.text)).toBe('data-outcome="linked"');
      expect(linked.text).toContain(script);
      expect(linked.text).toContain(
        'Roster is linked to Thistle &#38; &#60;Marten&#62; &#34;Textiles&#34;.',
      );
      expect(linked.text).not.toContain('<Marten>');

      const cancelled = await request(app)
        .get(
          `/auth/consent/callback?error=access_denied&error_description=no` +
            `&state=${encodeURIComponent(states.issue({ tenantId: tenantA, userId: user(1) }))}`,
        )
        .expect(200);
      expect(mainOf(cancelled.text)).toBe('data-outcome="cancelled" data-code="consent_declined"');

      const expired = await request(app).get('/auth/consent/callback?state=x.y').expect(400);
      expect(mainOf(expired.text)).toBe('data-outcome="failed" data-code="consent_state_invalid"');
      expect(expired.text).toContain(script);

      const mismatch = await request(app)
        .get(
          `/auth/consent/callback?admin_consent=True&tenant=${tenantB}` +
            `&state=${encodeURIComponent(states.issue({ tenantId: tenantA, userId: user(1) }))}`,
        )
        .expect(400);
      expect(mainOf(mismatch.text)).toBe('data-outcome="failed" data-code="tenant_mismatch"');

      const csp = String(expired.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/script-src-attr 'none'/);
    });

    it('serves its script and the Teams JavaScript library as JavaScript', async () => {
      const app = appWith();
      const complete = await request(app).get('/auth/consent/complete.js').expect(200);
      expect(complete.headers['content-type']).toMatch(/^text\/javascript/);
      expect(complete.text).toContain("type: 'roster-consent'");
      expect(complete.text).toContain('/auth/consent/teams-js.js');

      const teams = await request(app).get('/auth/consent/teams-js.js').expect(200);
      expect(teams.headers['content-type']).toMatch(/^text\/javascript/);
      expect(teams.text).toContain('microsoftTeams');
      expect(teams.text.length).toBeGreaterThan(10_000);
    });
  });

  describe('readiness', () => {
    it('is ready while the store answers, and 503 (not 500) once it does not', async () => {
      const app = appWith();
      await request(app).get('/healthz').expect(200, { status: 'ok' });
      await request(app)
        .get('/readyz')
        .expect(200, { status: 'ready', checks: { store: 'ok' } });
      await store.close();
      const res = await request(app).get('/readyz').expect(503);
      expect(res.body).toEqual({ status: 'not_ready', checks: { store: 'unavailable' } });
      await request(app).get('/healthz').expect(200);
    });

    it('is not ready when the store hangs', async () => {
      const hanging = {
        tenants: { get: () => new Promise<never>(() => undefined) },
      } as unknown as RosterStore;
      const app = express().use(
        healthRoutes({ store: hanging, logger: pino({ level: 'silent' }) }, { timeoutMs: 20 }),
      );
      const res = await request(app).get('/readyz').expect(503);
      expect(res.body.status).toBe('not_ready');
    });
  });
});
