import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { RosterConfig } from './config.js';
import { trustingAgent } from './graph/trusting-agent.js';
import { openRosterLink, runDetailsLink } from './bot/cards/roster-links.js';
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
  // Every run this process ends, whatever started it, is logged (what operators chart) and
  // reaches the bot, which posts its card.
  const onRunEnd = (run: SyncRun) => {
    logger.info(runEndedLog(run), 'sync ended');
    bot.runEnded(run);
  };
  const launcher = new SyncLauncher(deps, onError, onRunEnd);
  const jwksAgent = trustingAgent(config.caFile);

  // Bound first, so that with port 0 the links and the consent callback name the real port.
  // The app is attached below with no await in between: no request can come before it.
  const server: Server = createServer({ requestTimeout: 60_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.http.host}:${port}`;
  const publicUrl = config.publicUrl ?? url;
  const links = { publicUrl, teamsAppId: config.teamsAppId };

  const bot = new RosterBot(
    {
      store: roster.store,
      clock: roster.clock,
      launcher,
      logger,
      runDeepLink: (runId) => runDetailsLink(links, runId),
      openRosterUrl: openRosterLink(links),
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
    ...apiScopeOf(config.apiAudiences),
    botEndpoint: messagesEndpoint(bot),
  });
  server.on('request', app);
  const scheduler = config.scheduler.enabled
    ? new Scheduler(deps, {
        concurrency: config.scheduler.concurrency,
        tickMs: 60_000,
        onError,
        onRunEnd,
      })
    : undefined;
  scheduler?.start();
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

/** The tab's sign-in scope: on the first `api://` App ID URI configured, if there is one. */
function apiScopeOf(audiences: readonly string[]): { apiScope?: string } {
  const uri = audiences.find((audience) => audience.startsWith('api://'));
  return uri === undefined ? {} : { apiScope: `${uri.replace(/\/$/, '')}/access_as_user` };
}

/** A run's outcome in ids and numbers only, for the logs. */
function runEndedLog(run: SyncRun) {
  const ms = run.endedAt === null ? null : Date.parse(run.endedAt) - Date.parse(run.startedAt);
  return {
    tenantId: run.tenantId,
    runId: run.id,
    trigger: run.trigger,
    round: run.round,
    status: run.status,
    ms,
    counts: run.counts,
    errors: run.errors.length,
    ...(run.failure === undefined ? {} : { failure: run.failure }),
  };
}
