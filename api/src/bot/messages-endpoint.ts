import { authorizeJWT, type Request as BotRequest } from '@microsoft/agents-hosting';
import { json, Router } from 'express';
import type { RosterBot } from './roster-bot.js';

/**
 * `POST /api/messages`, where Teams (or the Agents Playground) sends the bot's activities.
 * It is not behind the API's Entra token check: the SDK's `authorizeJWT` checks the Bot
 * Framework or Entra token for the bot's app id, or, with no bot credentials configured and
 * outside production, lets anonymous requests through (the SDK's local mode). The token is
 * checked before the body is read.
 */
export function messagesEndpoint(bot: RosterBot): Router {
  const authorize = authorizeJWT(bot.auth);
  const router = Router();
  router.post(
    '/api/messages',
    (req, res, next) => authorize(req as BotRequest, res, next),
    json({ limit: '1mb', strict: true }),
    (req, res) => bot.process(req as BotRequest, res),
  );
  return router;
}
