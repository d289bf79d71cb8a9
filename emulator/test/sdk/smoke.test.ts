import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { graphClient, graphToken, trustingAgent } from '../support/sdk-clients.js';
import type { Agent } from 'undici';

describe('smoke', () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  beforeAll(async () => {
    emulator = await startEmulator({ users: 50 });
    agent = trustingAgent(emulator);
  });
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });
  it('gets a token and lists users', async () => {
    const tid = emulator.tenants[0]!.id;
    const token = await graphToken(emulator, tid, agent);
    expect(token.split('.')).toHaveLength(3);
    const client = graphClient(emulator, agent, () => graphToken(emulator, tid, agent));
    const page = (await client.api('/users').select('id,displayName').top(10).get()) as {
      value: unknown[];
    };
    expect(page.value).toHaveLength(10);
  });
});
