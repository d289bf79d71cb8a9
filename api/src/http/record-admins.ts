import type { RequestHandler } from 'express';
import type { Clock } from '../ports/clock.js';
import type { AdminStore } from '../ports/store.js';
import { callerOf } from './auth/authenticate.js';

/** How often one instance writes down that an admin is still an admin. */
const refreshMs = 15 * 60_000;

/** Callers remembered between writes; past this the memory starts over (a few writes more). */
const maxRemembered = 10_000;

/**
 * Records every admin who calls the API (object id, name, when), and forgets a recorded one
 * whose token no longer carries an admin role: the bot authorises card actions by this list,
 * since a card action carries no roles. At most one write per caller per quarter hour per
 * instance, so a busy tab costs no writes.
 */
export function recordAdmins(admins: AdminStore, clock: Clock): RequestHandler {
  const written = new Map<string, number>();
  return async (_req, res, next) => {
    try {
      const caller = callerOf(res);
      const key = `${caller.tenantId}/${caller.userId}/${caller.isAdmin ? 'admin' : 'user'}`;
      const now = clock.now().getTime();
      const last = written.get(key);
      if (last === undefined || now - last >= refreshMs) {
        if (written.size >= maxRemembered) written.clear();
        if (caller.isAdmin) {
          await admins.record(caller.tenantId, {
            userId: caller.userId,
            name: caller.name,
            lastSeenAt: clock.now().toISOString(),
          });
        } else {
          await admins.remove(caller.tenantId, caller.userId);
        }
        written.set(key, now);
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
