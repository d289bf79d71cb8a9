import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateTenants, type TenantData } from '@roster/emulator';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messagesEndpoint } from '../src/bot/messages-endpoint.js';
import { RosterBot } from '../src/bot/roster-bot.js';
import type { NotificationSetting } from '../src/domain/settings.js';
import type { SyncRun } from '../src/ports/store.js';
import { linkTenant } from '../src/sync/link-tenant.js';
import { SyncLauncher } from '../src/sync/sync-launcher.js';
import { adaptiveCardValidator } from './support/adaptive-card-schema.js';
import { startHarness, type Harness } from './support/emulator-harness.js';
import { testApp } from './support/test-app.js';

/** What the bot sent to the connector: a new message (POST) or a replaced one (PUT). */
interface Sent {
  readonly method: string;
  readonly conversationId: string;
  /** The message replaced (PUT) or replied to (POST), if any. */
  readonly activityId: string | undefined;
  readonly card: Record<string, unknown> | undefined;
}

/**
 * The Bot Connector as far as the bot uses it: records every activity sent or updated and
 * answers with an id, as Teams does.
 */
async function startConnector(): Promise<{ url: string; sent: Sent[]; server: Server }> {
  const sent: Sent[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(
        new URL(req.url ?? '/', 'http://connector').pathname,
      );
      if (match === null) {
        res.writeHead(404).end();
        return;
      }
      const activity = JSON.parse(body) as {
        attachments?: { contentType: string; content: Record<string, unknown> }[];
      };
      sent.push({
        method: req.method ?? '',
        conversationId: decodeURIComponent(match[1]!),
        activityId: match[2] === undefined ? undefined : decodeURIComponent(match[2]),
        card: activity.attachments?.find(
          (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
        )?.content,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${sent.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, sent, server };
}

const validate = adaptiveCardValidator();
const botAccount = { id: '28:roster-bot', name: 'Roster' };

/** Every text of a card, to assert on what it says. */
function texts(card: unknown): string {
  return JSON.stringify(card);
}

describe('the bot on /api/messages, in the SDK’s local mode', () => {
  let h: Harness;
  let app: Express;
  let launcher: SyncLauncher;
  let bot: RosterBot;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let tenants: TenantData[];
  /** People who chat with the bot: two admins of different tenants and a user of the first. */
  const people = {
    adminA: { tenant: 0, user: 0, chat: 'a:chat-admin-a' },
    userA: { tenant: 0, user: 1, chat: 'a:chat-user-a' },
    adminB: { tenant: 1, user: 0, chat: 'a:chat-admin-b' },
  } as const;
  type Person = keyof typeof people;
  let activityCount = 0;

  /** An activity from `who` in their personal chat with the bot, as Teams sends it. */
  function activity(who: Person, fields: Record<string, unknown>, tenantIndex?: number) {
    const person = people[who];
    const tenant = tenants[tenantIndex ?? person.tenant]!;
    const user = tenants[person.tenant]!.users[person.user]!;
    activityCount += 1;
    return {
      id: `incoming-${activityCount}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${user.id}`, aadObjectId: user.id, name: user.displayName },
      recipient: botAccount,
      conversation: { id: person.chat, tenantId: tenant.id, conversationType: 'personal' },
      channelData: { tenant: { id: tenant.id } },
      ...fields,
    };
  }

  const post = (body: unknown) =>
    request(app)
      .post('/api/messages')
      .send(body as object);

  /** A click on a card button: an `adaptiveCard/action` invoke, answered with a card. */
  async function click(who: Person, action: Record<string, unknown>, tenantIndex?: number) {
    const res = await post(
      activity(
        who,
        {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: `card-of-${who}`,
          value: { action: { type: 'Action.Execute', title: 'x', ...action }, trigger: 'manual' },
        },
        tenantIndex,
      ),
    ).expect(200);
    const answer = res.body as { statusCode: number; type: string; value: unknown };
    expect(answer.statusCode).toBe(200);
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(validate(answer.value)).toEqual([]);
    return answer.value;
  }

  const install = (who: Person) =>
    post(activity(who, { type: 'installationUpdate', action: 'add' })).expect(200);

  const runsOf = (tenantIndex: number) =>
    h.roster.store.runs.list(tenants[tenantIndex]!.id, { limit: 100 });

  async function settle(): Promise<void> {
    await launcher.idle();
    await bot.idle();
  }

  async function setNotifications(tenantIndex: number, notifications: NotificationSetting) {
    const tenant = (await h.roster.store.tenants.get(tenants[tenantIndex]!.id))!;
    await h.roster.store.tenants.save(
      { ...tenant, settings: { ...(tenant.settings as object), notifications } },
      tenant.version,
    );
  }

  /** Runs a sync as the API's Sync Now does, and waits for the bot's cards. */
  async function syncAndSettle(tenantIndex: number): Promise<SyncRun> {
    const started = await launcher.launch(tenants[tenantIndex]!.id, 'manual');
    await settle();
    return (await h.roster.store.runs.get(started.tenantId, started.id))!;
  }

  beforeAll(async () => {
    tenants = generateTenants(2, { usersPerTenant: 30, seed: 41 });
    h = await startHarness({ tenants });
    connector = await startConnector();
    const deps = { store: h.roster.store, directory: h.roster.directory, clock: h.roster.clock };
    for (const tenant of tenants) await linkTenant(deps, tenant.id);
    for (const who of ['adminA', 'adminB'] as const) {
      const person = people[who];
      const user = tenants[person.tenant]!.users[person.user]!;
      await h.roster.store.admins.record(tenants[person.tenant]!.id, {
        userId: user.id,
        name: String(user.displayName),
        lastSeenAt: new Date().toISOString(),
      });
    }
    launcher = new SyncLauncher(
      deps,
      () => undefined,
      (run) => bot.runEnded(run),
    );
    bot = new RosterBot(
      {
        ...deps,
        launcher,
        logger: pino({ level: 'silent' }),
        runDeepLink: (runId) => `https://roster.example/runs/${runId}`,
        openRosterUrl: 'https://roster.example/',
      },
      { kind: 'anonymous' },
    );
    ({ app } = await testApp(h, { launcher, botEndpoint: messagesEndpoint(bot) }));
  });

  afterAll(async () => {
    await settle();
    await new Promise<void>((resolve) => connector.server.close(() => resolve()));
    await h.close();
  });

  beforeEach(() => {
    connector.sent.length = 0;
  });

  afterEach(() => {
    for (const { card } of connector.sent) {
      if (card !== undefined) expect(validate(card)).toEqual([]);
    }
  });

  it('saves the conversation of whoever installs Roster, and welcomes them once', async () => {
    await install('adminA');
    // Teams announces the same install a second time as the bot joining the chat.
    await post(
      activity('adminA', { type: 'conversationUpdate', membersAdded: [botAccount] }),
    ).expect(200);
    const tenantA = tenants[0]!;
    const saved = await h.roster.store.conversations.list(tenantA.id);
    expect(saved).toEqual([
      expect.objectContaining({
        userId: tenantA.users[0]!.id,
        tenantId: tenantA.id,
        conversationId: people.adminA.chat,
        serviceUrl: connector.url,
        channelId: 'msteams',
        botId: botAccount.id,
      }),
    ]);
    expect(connector.sent).toHaveLength(1);
    const [welcome] = connector.sent;
    expect(welcome).toMatchObject({ method: 'POST', conversationId: people.adminA.chat });
    expect(texts(welcome!.card)).toContain('Roster is installed');
    expect(texts(welcome!.card)).toContain(tenantA.displayName);
  });

  it('forgets the conversation when Roster is uninstalled', async () => {
    await install('userA');
    await post(activity('userA', { type: 'installationUpdate', action: 'remove' })).expect(200);
    const saved = await h.roster.store.conversations.list(tenants[0]!.id);
    expect(saved.map((ref) => ref.conversationId)).toEqual([people.adminA.chat]);
  });

  it('ignores installs outside a personal chat', async () => {
    await post(
      activity('userA', {
        type: 'installationUpdate',
        action: 'add',
        conversation: { id: '19:team', tenantId: tenants[0]!.id, conversationType: 'channel' },
      }),
    ).expect(200);
    expect(connector.sent).toEqual([]);
    expect(await h.roster.store.conversations.list(tenants[0]!.id)).toHaveLength(1);
  });

  it('posts a run’s summary to the tenant’s installed admins only, as the setting says', async () => {
    await install('userA');
    await install('adminB');
    connector.sent.length = 0;

    // The first sync adds everyone: a change, so the default setting posts it.
    const first = await syncAndSettle(0);
    expect(first.counts.added).toBeGreaterThan(0);
    expect(connector.sent).toHaveLength(1);
    expect(connector.sent[0]).toMatchObject({
      method: 'POST',
      conversationId: people.adminA.chat,
    });
    const summary = texts(connector.sent[0]!.card);
    expect(summary).toContain(tenants[0]!.displayName);
    expect(summary).toContain(String(first.counts.added));
    expect(summary).toContain(`https://roster.example/runs/${first.id}`);

    // Nothing changed: by default nobody hears of it.
    connector.sent.length = 0;
    const second = await syncAndSettle(0);
    expect(second.counts.added + second.counts.updated + second.counts.removed).toBe(0);
    expect(connector.sent).toEqual([]);

    // Set to always, the same quiet run is posted, still only to the admin.
    await setNotifications(0, 'always');
    await syncAndSettle(0);
    expect(connector.sent.map((s) => s.conversationId)).toEqual([people.adminA.chat]);

    // Failures only: a run that changed things is not.
    await setNotifications(1, 'failuresOnly');
    connector.sent.length = 0;
    const otherTenant = await syncAndSettle(1);
    expect(otherTenant.counts.added).toBeGreaterThan(0);
    expect(connector.sent).toEqual([]);
  });

  it('answers Sync Now from an admin with the running card, then updates it with the summary', async () => {
    const before = await runsOf(0);
    const card = await click('adminA', {
      verb: 'syncNow',
      data: { version: 1, action: 'syncNow' },
    });
    expect(texts(card)).toContain('running');
    const runs = await runsOf(0);
    expect(runs).toHaveLength(before.length + 1);
    const run = runs[0]!;
    expect(run.trigger).toBe('card');
    expect(texts(card)).toContain(run.id);

    await settle();
    const ended = (await h.roster.store.runs.get(run.tenantId, run.id))!;
    expect(ended.status).toBe('succeeded');
    // The clicked card becomes the summary; the admin gets no second card for the same run.
    expect(connector.sent).toEqual([
      expect.objectContaining({
        method: 'PUT',
        conversationId: people.adminA.chat,
        activityId: 'card-of-adminA',
      }),
    ]);
    const summary = texts(connector.sent[0]!.card);
    expect(summary).toContain('Sync Now');
    expect(summary).toContain(`https://roster.example/runs/${run.id}`);
  });

  it('refuses a card action from anyone Roster does not know as an admin of the tenant', async () => {
    const before = (await runsOf(0)).length;
    const fromUser = await click('userA', {
      verb: 'syncNow',
      data: { version: 1, action: 'syncNow' },
    });
    expect(texts(fromUser)).toContain('Only Roster admins can do this');
    // Another tenant's admin is nobody's admin here.
    const fromOtherTenant = await click(
      'adminB',
      { verb: 'syncNow', data: { version: 1, action: 'syncNow' } },
      0,
    );
    expect(texts(fromOtherTenant)).toContain('Only Roster admins can do this');
    await settle();
    expect(await runsOf(0)).toHaveLength(before);
    expect(connector.sent).toEqual([]);
  });

  it.each([
    ['an unknown field', { verb: 'syncNow', data: { version: 1, action: 'syncNow', x: 1 } }],
    ['another version', { verb: 'syncNow', data: { version: 2, action: 'syncNow' } }],
    [
      'a verb naming another action',
      { verb: 'syncNow', data: { version: 1, action: 'confirmRemovals', runId: randomUUID() } },
    ],
    ['an unknown verb', { verb: 'purge', data: { version: 1, action: 'syncNow' } }],
    ['no data', { verb: 'syncNow' }],
  ])('refuses action data with %s, and starts nothing', async (_what, action) => {
    const before = (await runsOf(0)).length;
    const card = await click('adminA', action);
    expect(texts(card)).toContain('Roster did not act on this');
    await settle();
    expect(await runsOf(0)).toHaveLength(before);
  });

  it('says why Roster refused Confirm removals for a run that held none', async () => {
    const [latest] = await runsOf(0);
    const card = await click('adminA', {
      verb: 'confirmRemovals',
      data: { version: 1, action: 'confirmRemovals', runId: latest!.id },
    });
    expect(texts(card)).toContain('The removals were not confirmed');
    expect(texts(card)).toContain('This sync held no removals.');
    expect(texts(card)).not.toContain(tenants[0]!.id);
  });
});

describe('the bot with credentials configured', () => {
  it('refuses activities without a Bot Framework token', async () => {
    const h = await startHarness({ tenants: generateTenants(1, { usersPerTenant: 5, seed: 3 }) });
    try {
      const deps = { store: h.roster.store, directory: h.roster.directory, clock: h.roster.clock };
      const launcher = new SyncLauncher(deps, () => undefined);
      const bot = new RosterBot(
        {
          ...deps,
          launcher,
          logger: pino({ level: 'silent' }),
          runDeepLink: (runId) => `https://roster.example/runs/${runId}`,
        },
        {
          kind: 'authenticated',
          appId: '5b3c2a10-8d4e-4f6a-9b7c-1e2d3f4a5b6c',
          tenantId: h.tenantId,
          credential: { kind: 'secret', secret: 'not-used-here' },
        },
      );
      const { app } = await testApp(h, { launcher, botEndpoint: messagesEndpoint(bot) });
      await request(app)
        .post('/api/messages')
        .send({ type: 'message', text: 'hi', conversation: { id: 'x' } })
        .expect(401);
      await request(app)
        .post('/api/messages')
        .set('authorization', 'Bearer not-a-jwt')
        .send({ type: 'message', text: 'hi', conversation: { id: 'x' } })
        .expect(401);
      expect(await h.roster.store.conversations.list(h.tenantId)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
