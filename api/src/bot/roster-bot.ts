import {
  AgentApplication,
  CloudAdapter,
  MemoryStorage,
  TurnState,
  type AuthConfiguration,
  type Request as BotRequest,
  type TurnContext,
  type WebResponse,
} from '@microsoft/agents-hosting';
import type { BotConfig } from '../config.js';
import type { SyncRun } from '../ports/store.js';
import { botAuthConfiguration } from './bot-auth-configuration.js';
import type { BotDeps, BotServices } from './bot-deps.js';
import { answerCardAction } from './card-actions.js';
import { cardMessage } from './card-message.js';
import { botReference } from './conversation-references.js';
import { installed, uninstalled } from './installation.js';
import { afterRun } from './run-end.js';
import { WaitingCards } from './waiting-cards.js';

/** The turn state entry holding the promise that settles once the turn has been answered. */
const answeredKey = 'roster.answered';

/**
 * The bot id proactive sends name in local mode: the SDK wants one, and without credentials
 * it signs nothing with it.
 */
const localBotId = 'roster-local';

/**
 * Roster's bot on the Microsoft 365 Agents SDK: install and uninstall events, Sync Now and
 * Confirm removals from cards, and a card after every run. Turn state lives in the SDK's
 * `MemoryStorage` (Roster keeps none between turns); conversation references live in
 * Roster's store, with the tenant's other data.
 */
export class RosterBot {
  /** The SDK's authentication settings: what `authorizeJWT` checks incoming tokens against. */
  readonly auth: AuthConfiguration;
  private readonly adapter: CloudAdapter;
  private readonly app: AgentApplication<TurnState>;
  private readonly services: BotServices;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(deps: BotDeps, config: BotConfig) {
    this.auth = botAuthConfiguration(config);
    this.adapter = new CloudAdapter(this.auth);
    // The SDK's default answers a failed turn with chat messages meant for its developers.
    this.adapter.onTurnError = (context, error) => {
      deps.logger.error(
        {
          activityType: context.activity.type,
          tenantId: context.activity.conversation?.tenantId,
          err: error,
        },
        'bot turn failed',
      );
      return Promise.resolve();
    };
    const botId = config.kind === 'authenticated' ? config.appId : localBotId;
    this.services = {
      ...deps,
      waiting: new WaitingCards(),
      sendCard: (ref, card) =>
        this.adapter.continueConversation(botId, botReference(ref), async (context) => {
          await context.sendActivity(cardMessage(card));
        }),
      updateCard: (ref, activityId, card) =>
        this.adapter.continueConversation(botId, ref, async (context) => {
          const message = cardMessage(card);
          message.id = activityId;
          await context.updateActivity(message);
        }),
    };
    this.app = new AgentApplication<TurnState>({
      storage: new MemoryStorage(),
      adapter: this.adapter,
    });
    this.app.onActivity('installationUpdate', async (context) => {
      const action = context.activity.action ?? '';
      if (action === 'add' || action === 'add-upgrade') await installed(this.services, context);
      if (action === 'remove' || action === 'remove-upgrade') {
        await uninstalled(this.services, context);
      }
    });
    this.app.onConversationUpdate('membersAdded', async (context) => {
      const { membersAdded, recipient } = context.activity;
      if (membersAdded?.some((member) => member.id === recipient?.id) === true) {
        await installed(this.services, context);
      }
    });
    // Every `Action.Execute`, whatever its verb: one the bot does not know gets a card saying
    // so, where the SDK would otherwise answer 501.
    this.app.adaptiveCards.actionExecute(isActionExecute, async (context, _state, action) => ({
      ...(await answerCardAction(this.services, context, action, answeredOf(context))),
    }));
  }

  /** Handles one request to `/api/messages` (its token already checked): the turn and its answer. */
  async process(request: BotRequest, response: WebResponse): Promise<void> {
    let settle: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      settle = resolve;
    });
    try {
      await this.adapter.process(request, response, async (context) => {
        context.turnState.set(answeredKey, answered);
        await this.app.run(context);
      });
    } finally {
      settle();
    }
  }

  /**
   * A run ended (any trigger, on this instance): its cards go out in the background; `idle`
   * waits for them. Never throws: a failure is logged.
   */
  runEnded(run: SyncRun): void {
    const work: Promise<void> = afterRun(this.services, run)
      .catch((error: unknown) => {
        this.services.logger.error(
          { tenantId: run.tenantId, runId: run.id, err: error },
          'run cards not sent',
        );
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Resolves once every run's cards have been sent. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

/** An `adaptiveCard/action` invoke carrying an `Action.Execute` with a verb. */
function isActionExecute(context: TurnContext): Promise<boolean> {
  const { type, name, value } = context.activity;
  const action = (value as { action?: { type?: unknown; verb?: unknown } } | undefined)?.action;
  return Promise.resolve(
    type === 'invoke' &&
      name === 'adaptiveCard/action' &&
      action?.type === 'Action.Execute' &&
      typeof action.verb === 'string' &&
      action.verb !== '',
  );
}

function answeredOf(context: TurnContext): Promise<void> {
  return context.turnState.get<Promise<void> | undefined>(answeredKey) ?? Promise.resolve();
}
