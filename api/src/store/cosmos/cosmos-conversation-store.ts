import type { Container } from '@azure/cosmos';
import type { ConversationReference, ConversationStore } from '../../ports/store.js';
import { conversationInput } from '../store-input.js';
import { deleteItem, itemId, queryAll, sql } from './cosmos-support.js';
import { compareStrings } from '../../domain/compare-strings.js';

type ConversationItem = ConversationReference & { readonly id: string };

/** The bot's conversations with admins: one item per admin in the tenant's partition. */
export class CosmosConversationStore implements ConversationStore {
  constructor(private readonly conversations: Container) {}

  async save(tenantId: string, ref: ConversationReference): Promise<void> {
    const checked = conversationInput(tenantId, ref);
    const item: ConversationItem = { id: itemId(checked.userId), ...checked };
    await this.conversations.items.upsert(item);
  }

  async list(tenantId: string): Promise<ConversationReference[]> {
    const items = await queryAll<ConversationItem>(
      this.conversations,
      sql('SELECT * FROM c WHERE c.tenantId = @t', { t: tenantId }),
      { partitionKey: tenantId },
    );
    // Sorted here: a tenant has a handful of admins, and ORDER BY would need one more index.
    return items.map(toReference).sort((x, y) => compareStrings(x.userId, y.userId));
  }

  async remove(tenantId: string, userId: string): Promise<void> {
    if (userId !== '') await deleteItem(this.conversations, itemId(userId), tenantId);
  }
}

/** The port's fields only: Cosmos adds its own properties to what it hands back. */
function toReference(item: ConversationItem): ConversationReference {
  const { userId, conversationId, serviceUrl, channelId, botId, tenantId, savedAt } = item;
  return { userId, conversationId, serviceUrl, channelId, botId, tenantId, savedAt };
}
