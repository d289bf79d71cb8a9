import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { RosterConfig } from './config.js';
import { trustingAgent } from './graph/trusting-agent.js';
import { messagesEndpoint } from './bot/messages-endpoint.js';
import { RosterBot } from './bot/roster-bot.js';
import { createApp } from './http/app.js';
import { ConsentStates } from './http/consent-state.js';
import { createAccessTokenValidator } from './http/auth/access-token-validator.js';
import { defaultAdminRoleIds } from './http/auth/authorization.js';
import { createRoster, type Roster } from './main.js';
import { Scheduler } from './scheduler/scheduler.js';
import { SyncLauncher } from './sync/sync-launcher.js';
import type { SyncRun } from './ports/store.js';

/** A running Roster: where it listens, and how to stop it gracefully. */
export interface RunningRoster {
  readonly url: string;
  /** The composed core, for callers that act on it directly (the demo links its tenant). */
  readonly roster: Roster;
  /** Starts syncs callers do not wait for (Sync Now). */
  readonly launcher: SyncLauncher;
  /** The Teams bot: its cards after every run this process ends. */
  readonly bot: RosterBot;
  close(): Promise<void>;
}

/**
 * Starts Roster's process: the store, the HTTP API and the scheduler, all from one
 * configuration. Stopping ends the scheduler's and Sync Now's syncs (their leases are
 * released as they end) before the store closes.
 */
export async function startRoster(
  config: RosterConfig,
  logger: Logger = pino({ name: 'roster' }),
): Promise<RunningRoster> {
  const roster = await createRoster(config);
  const deps = {
    store: roster.store,
    directory: roster.directory,
    clock: roster.clock,
    runHistoryDays: config.runHistoryDays,
  };
  const onError = (tenantId: string, error: unknown) =>
    logger.error({ tenantId, err: error }, 'sync failed unexpectedly');
  // Every run this process ends, whatever started it, reaches the bot, which posts its card.
  const onRunEnd = (run: SyncRun) => bot.runEnded(run);
  const launcher = new SyncLauncher(deps, onError, onRunEnd);
  const jwksAgent = trustingAgent(config.caFile);
  const publicUrl = config.publicUrl ?? `http://${config.http.host}:${config.http.port}`;
  const bot = new RosterBot(
    {
      store: roster.store,
      clock: roster.clock,
      launcher,
      logger,
      runDeepLink: (runId) => `${publicUrl}/runs/${encodeURIComponent(runId)}`,
      openRosterUrl: `${publicUrl}/`,
    },
    config.bot,
  );
  const app = createApp({
    ...deps,
    launcher,
    logger,
    consent: {
      authorityHost: config.authorityHost,
      clientId: config.clientId,
      redirectUri: `${publicUrl}/auth/consent/callback`,
      states: new ConsentStates(config.stateSecret, roster.clock),
    },
    validator: createAccessTokenValidator({
      authorityHost: config.authorityHost,
      audiences: config.apiAudiences,
      adminRoleIds: config.adminRoleIds.length > 0 ? config.adminRoleIds : defaultAdminRoleIds,
      agent: jwksAgent,
    }),
    rateLimits: config.rateLimits,
    trustProxyHops: config.trustProxyHops,
    tabDir: config.tabDir,
    botEndpoint: messagesEndpoint(bot),
  });
  const scheduler = config.scheduler.enabled
    ? new Scheduler(deps, {
        concurrency: config.scheduler.concurrency,
        tickMs: 60_000,
        onError,
        onRunEnd,
      })
    : undefined;

  const server: Server = createServer({ requestTimeout: 60_000 }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  scheduler?.start();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.http.host}:${port}`;
  logger.info({ url, store: config.store.kind }, 'Roster is listening');

  return {
    url,
    roster,
    launcher,
    bot,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await scheduler?.stop();
      await launcher.idle();
      await bot.idle();
      await jwksAgent.close();
      await roster.close();
    },
  };
}
