import { Router } from 'express';
import type { AppDeps } from './app-deps.js';

/** A tenant id no tenant has: reading it proves the store answers, and reads nothing. */
const noTenant = '00000000-0000-0000-0000-000000000000';

/** Resolves when `ask` does within `timeoutMs`; rejects when it fails or is slower. */
async function answersWithin(ask: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ask(), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: it can serve, so a
 * load balancer may send it traffic). Both answer without a token and say nothing private.
 */
export function healthRoutes(
  deps: Pick<AppDeps, 'store' | 'logger'>,
  options: { readonly timeoutMs?: number } = {},
): Router {
  const router = Router();
  const timeoutMs = options.timeoutMs ?? 5000;

  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    let store: 'ok' | 'unavailable' = 'ok';
    try {
      await answersWithin(() => deps.store.tenants.get(noTenant), timeoutMs);
    } catch (error) {
      // The reason stays in the log: readiness is public.
      deps.logger.warn({ err: error }, 'readiness: the store does not answer');
      store = 'unavailable';
    }
    const checks = { store };
    const ready = Object.values(checks).every((status) => status === 'ok');
    res
      .status(ready ? 200 : 503)
      .set('cache-control', 'no-store')
      .json({ status: ready ? 'ready' : 'not_ready', checks });
  });

  return router;
}
