import { PageIterator, type Client, type PageCollection } from '@microsoft/microsoft-graph-client';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { walkDelta } from '../support/delta-walk.js';
import { graphClient, graphToken, trustingAgent } from '../support/sdk-clients.js';

const users = 100_000;

describe(`a ${users.toLocaleString('en')}-user tenant through the real Graph SDK`, () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  let client: Client;

  beforeAll(async () => {
    emulator = await startEmulator({ users, seed: 7 });
    agent = trustingAgent(emulator);
    const tid = emulator.tenants[0]!.id;
    client = graphClient(emulator, agent, () => graphToken(emulator, tid, agent));
  }, 60_000);
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });

  it('pages /users with $top=999 through PageIterator: every user exactly once', async () => {
    const first = (await client
      .api('/users')
      .select('id,userPrincipalName,mail')
      .top(999)
      .get()) as PageCollection;
    expect(first.value).toHaveLength(999);
    expect(first['@odata.nextLink']).toContain('$skiptoken=');
    const seen = new Set<string>();
    const iterator = new PageIterator(client, first, (user) => {
      seen.add((user as { id: string }).id);
      return true;
    });
    await iterator.iterate();
    expect(seen.size).toBe(users);
    expect(iterator.isComplete()).toBe(true);
  }, 60_000);

  it('pages /users with the default page size of 100', async () => {
    const page = (await client.api('/users').select('id').get()) as PageCollection;
    expect(page.value).toHaveLength(100);
    expect(page['@odata.nextLink']).toContain('$skiptoken=');
  });

  it('walks a full delta round of every user', async () => {
    const round = await walkDelta(client, '/users/delta?$select=id,displayName,mail', {
      Prefer: 'odata.maxpagesize=999',
    });
    expect(new Set(round.items.map((item) => item['id'])).size).toBe(users);
    expect(round.pages).toBe(Math.ceil(users / 999));
  }, 60_000);

  it('counts users with ConsistencyLevel eventual', async () => {
    const count = (await client
      .api('/users/$count')
      .header('ConsistencyLevel', 'eventual')
      .get()) as unknown;
    expect(Number(count)).toBe(users);
  });
});
