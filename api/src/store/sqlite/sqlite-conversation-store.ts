import type { Database, Statement } from 'better-sqlite3';
import type { ConversationReference, ConversationStore } from '../../ports/store.js';
import { conversationInput } from '../store-input.js';
import { settle } from './sqlite-support.js';

interface ConversationRow {
  readonly tenant_id: string;
  readonly user_id: string;
  readonly conversation_id: string;
  readonly service_url: string;
  readonly channel_id: string;
  readonly bot_id: string;
  readonly saved_at: string;
}

/** The bot's conversations with admins, keyed (tenant_id, user_id). */
export class SqliteConversationStore implements ConversationStore {
  private readonly upsert: Statement<ConversationRow>;
  private readonly selectAll: Statement<[string], ConversationRow>;
  private readonly delete: Statement<[string, string]>;

  constructor(db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO conversations
         (tenant_id, user_id, conversation_id, service_url, channel_id, bot_id, saved_at)
       VALUES
         (@tenant_id, @user_id, @conversation_id, @service_url, @channel_id, @bot_id, @saved_at)
       ON CONFLICT (tenant_id, user_id) DO UPDATE
       SET conversation_id = excluded.conversation_id, service_url = excluded.service_url,
           channel_id = excluded.channel_id, bot_id = excluded.bot_id,
           saved_at = excluded.saved_at`,
    );
    this.selectAll = db.prepare('SELECT * FROM conversations WHERE tenant_id = ? ORDER BY user_id');
    this.delete = db.prepare('DELETE FROM conversations WHERE tenant_id = ? AND user_id = ?');
  }

  save(tenantId: string, ref: ConversationReference): Promise<void> {
    return settle(() => {
      const checked = conversationInput(tenantId, ref);
      this.upsert.run({
        tenant_id: checked.tenantId,
        user_id: checked.userId,
        conversation_id: checked.conversationId,
        service_url: checked.serviceUrl,
        channel_id: checked.channelId,
        bot_id: checked.botId,
        saved_at: checked.savedAt,
      });
    });
  }

  list(tenantId: string): Promise<ConversationReference[]> {
    return settle(() => this.selectAll.all(tenantId).map(toReference));
  }

  remove(tenantId: string, userId: string): Promise<void> {
    return settle(() => {
      this.delete.run(tenantId, userId);
    });
  }
}

function toReference(row: ConversationRow): ConversationReference {
  return {
    userId: row.user_id,
    conversationId: row.conversation_id,
    serviceUrl: row.service_url,
    channelId: row.channel_id,
    botId: row.bot_id,
    tenantId: row.tenant_id,
    savedAt: row.saved_at,
  };
}
