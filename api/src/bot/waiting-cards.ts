import type { BotConversationReference } from './conversation-references.js';

/** A Sync Now card showing a run in progress, to be replaced by its summary when it ends. */
export interface WaitingCard {
  readonly reference: BotConversationReference;
  /** The id of the message that holds the card. */
  readonly activityId: string;
  /**
   * Settles once the click was answered with the running card: the summary must not reach
   * Teams first, or the running card would replace it.
   */
  readonly answered: Promise<void>;
}

/** Runs whose cards are remembered; past this the oldest are forgotten. */
const maxRuns = 1_000;

/**
 * The cards waiting for each run, in this instance's memory. A run that ends on another
 * instance (Sync Now showed a run another instance started) never takes its cards; the
 * bound keeps those from piling up.
 */
export class WaitingCards {
  private readonly byRun = new Map<string, WaitingCard[]>();

  /** Remembers a card until its run ends. */
  add(runId: string, card: WaitingCard): void {
    const cards = this.byRun.get(runId);
    if (cards !== undefined) {
      cards.push(card);
      return;
    }
    if (this.byRun.size >= maxRuns) {
      const oldest = this.byRun.keys().next();
      if (oldest.done !== true) this.byRun.delete(oldest.value);
    }
    this.byRun.set(runId, [card]);
  }

  /** The cards waiting for a run, forgotten as they are handed over. */
  take(runId: string): WaitingCard[] {
    const cards = this.byRun.get(runId) ?? [];
    this.byRun.delete(runId);
    return cards;
  }
}
