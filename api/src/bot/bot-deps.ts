import type { Logger } from 'pino';
import type { Clock } from '../ports/clock.js';
import type { ConversationReference, RosterStore } from '../ports/store.js';
import type { SyncLauncher } from '../sync/sync-launcher.js';
import type { AdaptiveCard } from './cards/adaptive-card.js';
import type { BotConversationReference } from './conversation-references.js';
import type { WaitingCards } from './waiting-cards.js';

/** What the bot needs from the rest of Roster, built by the composition root. */
export interface BotDeps {
  readonly store: RosterStore;
  readonly clock: Clock;
  /** Starts Sync Now's runs; the same launcher the API uses. */
  readonly launcher: SyncLauncher;
  readonly logger: Logger;
  /** The link to a run's details in Roster. */
  readonly runDeepLink: (runId: string) => string;
  /** The link that opens Roster, for the welcome card. */
  readonly openRosterUrl?: string;
}

/** The bot's handlers' view of the bot: Roster's parts, and the SDK's sends as plain calls. */
export interface BotServices extends BotDeps {
  readonly waiting: WaitingCards;
  /** Posts a card to a stored conversation. */
  sendCard(ref: ConversationReference, card: AdaptiveCard): Promise<void>;
  /** Replaces the card in a message the bot sent earlier. */
  updateCard(ref: BotConversationReference, activityId: string, card: AdaptiveCard): Promise<void>;
}
