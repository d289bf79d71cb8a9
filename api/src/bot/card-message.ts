import { CardFactory, MessageFactory } from '@microsoft/agents-hosting';
import type { AdaptiveCard } from './cards/adaptive-card.js';

/** A message holding one Adaptive Card, serialised by the SDK from the typed card. */
export function cardMessage(card: AdaptiveCard): ReturnType<typeof MessageFactory.attachment> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}
