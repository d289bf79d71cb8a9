import {
  RetryHandlerOptions,
  type Client,
  type GraphError,
} from '@microsoft/microsoft-graph-client';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { control } from '../support/control-plane.js';
import { graphClient, graphToken, trustingAgent } from '../support/sdk-clients.js';

/** Graph's SDK retries 429s by itself; these requests must see the 429. */
const noRetry = [new RetryHandlerOptions(0, 0)];

async function failure(promise: Promise<unknown>): Promise<GraphError> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error as GraphError,
  );
}

describe('throttling', () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  let client: Client;
  let tid: string;

  beforeAll(async () => {
    // 600 users: the "large" tier. A budget of 20 units per 10 s is 2 units a second.
    emulator = await startEmulator({
      users: 600,
      throttling: { limits: { small: 20, medium: 20, large: 20 } },
    });
    agent = trustingAgent(emulator);
    tid = emulator.tenants[0]!.id;
    const token = await graphToken(emulator, tid, agent);
    client = graphClient(emulator, agent, () => Promise.resolve(token));
  });
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });

  it('answers 429 with Retry-After and throttle headers once the budget is spent', async () => {
    // /users without $select costs 2 units: ten requests spend the bucket.
    for (let i = 0; i < 10; i++) {
      await client.api('/users').top(50).middlewareOptions(noRetry).get();
    }
    const error = await failure(client.api('/users').top(50).middlewareOptions(noRetry).get());
    expect(error.statusCode).toBe(429);
    expect(error.code).toBe('TooManyRequests');
    const retryAfter = Number(error.headers?.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(1.1);
    expect(error.headers?.get('x-ms-throttle-scope')).toBe(
      `Tenant_Application/ReadWrite/${emulator.app.clientId}/${tid}`,
    );
    expect(error.headers?.get('x-ms-throttle-information')).toBe('ResourceUnitLimitExceeded');
  });

  it('lets a caller that waits Retry-After through', async () => {
    const error = await failure(client.api('/users').top(50).middlewareOptions(noRetry).get());
    const retryAfter = Number(error.headers?.get('retry-after'));
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 50));
    const page = (await client.api('/users').top(50).middlewareOptions(noRetry).get()) as {
      value: unknown[];
    };
    expect(page.value).toHaveLength(50);
  });

  it('is survived by the SDK retry handler, which honours Retry-After', async () => {
    const pages = [];
    for (let i = 0; i < 4; i++) pages.push(await client.api('/users').top(50).get());
    expect(pages).toHaveLength(4);
  });

  it('is off when configured off, and on again when configured on', async () => {
    await control(emulator, agent, 'PUT', '/throttling', { enabled: false });
    for (let i = 0; i < 30; i++) {
      await client.api('/users').top(50).middlewareOptions(noRetry).get();
    }
    await control(emulator, agent, 'PUT', '/throttling', { enabled: true });
    for (let i = 0; i < 10; i++) {
      await client.api('/users').top(50).middlewareOptions(noRetry).get();
    }
    const error = await failure(client.api('/users').top(50).middlewareOptions(noRetry).get());
    expect(error.statusCode).toBe(429);
  });

  it('injects a 503 and then a 429 with the Retry-After it was given', async () => {
    await control(emulator, agent, 'PUT', '/throttling', { enabled: false });
    await control(emulator, agent, 'POST', `/tenants/${tid}/faults`, { status: 503, times: 1 });
    const unavailable = await failure(client.api('/users').middlewareOptions(noRetry).get());
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.code).toBe('ServiceNotAvailable');

    await control(emulator, agent, 'POST', `/tenants/${tid}/faults`, {
      status: 429,
      retryAfter: 0.25,
      times: 1,
      path: '/v1.0/users',
    });
    const throttled = await failure(client.api('/users').middlewareOptions(noRetry).get());
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers?.get('retry-after')).toBe('0.25');
    const page = (await client.api('/users').top(5).middlewareOptions(noRetry).get()) as {
      value: unknown[];
    };
    expect(page.value).toHaveLength(5);
  });
});
