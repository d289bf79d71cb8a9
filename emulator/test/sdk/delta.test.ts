import {
  RetryHandlerOptions,
  type Client,
  type GraphError,
} from '@microsoft/microsoft-graph-client';
import type { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { control } from '../support/control-plane.js';
import { walkDelta } from '../support/delta-walk.js';
import { graphClient, graphToken, trustingAgent } from '../support/sdk-clients.js';

const select = 'id,displayName,jobTitle,department,mail,accountEnabled';
const start = `/users/delta?$select=${select}`;

describe('users delta with the real Graph SDK', () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  let client: Client;
  let tid: string;

  beforeAll(async () => {
    emulator = await startEmulator({ users: 450, throttling: { enabled: false } });
    agent = trustingAgent(emulator);
    tid = emulator.tenants[0]!.id;
    const token = await graphToken(emulator, tid, agent);
    client = graphClient(emulator, agent, () => Promise.resolve(token));
  });
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });
  beforeEach(async () => {
    await control(emulator, agent, 'DELETE', `/tenants/${tid}/faults`);
    await control(emulator, agent, 'PUT', `/tenants/${tid}/delta-options`, { replayEvery: 0 });
  });

  const tenantPath = () => `/tenants/${tid}`;
  /** Users in the tenant now: tests share one tenant and change it. */
  const activeUsers = async () => {
    const { tenants } = await control<{ tenants: { id: string; users: number }[] }>(
      emulator,
      agent,
      'GET',
      '/tenants',
    );
    return tenants.find((t) => t.id === tid)!.users;
  };

  it('walks a first round of every user over pages of nextLink and ends with one deltaLink', async () => {
    const round = await walkDelta(client, start);
    const ids = round.items.map((item) => item['id']);
    expect(new Set(ids).size).toBe(450);
    expect(ids).toHaveLength(450);
    expect(round.pages).toBe(Math.ceil(450 / 200));
    expect(round.deltaLink).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=/);
    // Only the selected properties, and every one of them.
    for (const item of round.items) {
      expect(Object.keys(item).sort()).toEqual(select.split(',').sort());
    }
  });

  it('honours Prefer odata.maxpagesize', async () => {
    const round = await walkDelta(client, start, { Prefer: 'odata.maxpagesize=100' });
    expect(round.pages).toBe(5);
    expect(round.items).toHaveLength(450);
  });

  it('reports nothing in a round with no changes, and a fresh deltaLink', async () => {
    const first = await walkDelta(client, start);
    const second = await walkDelta(client, first.deltaLink);
    expect(second.items).toEqual([]);
    expect(second.deltaLink).not.toBe('');
  });

  it('shows users created and updated through the control plane in the next round', async () => {
    const first = await walkDelta(client, start);
    const created = await control<{ id: string }>(
      emulator,
      agent,
      'POST',
      `${tenantPath()}/users`,
      {
        displayName: 'Ada Quill',
        userPrincipalName: `ada.quill.${Date.now()}@thistlemarten.example`,
        jobTitle: 'Archivist',
        accountEnabled: true,
      },
    );
    const someone = first.items[10]!;
    await control(emulator, agent, 'PATCH', `${tenantPath()}/users/${String(someone['id'])}`, {
      jobTitle: 'Head of Looms',
    });

    const second = await walkDelta(client, first.deltaLink);
    const byId = new Map(second.items.map((item) => [item['id'], item]));
    expect(byId.size).toBe(2);
    expect(byId.get(created.id)).toMatchObject({ displayName: 'Ada Quill', jobTitle: 'Archivist' });
    // Without return=minimal, a changed user comes with every selected property.
    expect(byId.get(someone['id'])).toEqual({ ...someone, jobTitle: 'Head of Looms' });
  });

  it('sends only the changed properties under Prefer return=minimal', async () => {
    const first = await walkDelta(client, start);
    const someone = first.items[20]!;
    await control(emulator, agent, 'PATCH', `${tenantPath()}/users/${String(someone['id'])}`, {
      department: 'Dyeing',
    });
    const response = (await client
      .api(first.deltaLink)
      .header('Prefer', 'return=minimal')
      .responseType('raw' as never)
      .get()) as Response;
    expect(response.headers.get('preference-applied')).toBe('return=minimal');
    const page = (await response.json()) as { value: Record<string, unknown>[] };
    expect(page.value).toEqual([{ id: someone['id'], department: 'Dyeing' }]);
  });

  it('reports a soft delete as @removed changed, a hard delete as @removed deleted', async () => {
    const first = await walkDelta(client, start);
    const soft = String(first.items[30]!['id']);
    const hard = String(first.items[31]!['id']);
    await control(emulator, agent, 'DELETE', `${tenantPath()}/users/${soft}`);
    await control(emulator, agent, 'DELETE', `${tenantPath()}/users/${hard}?hard=true`);

    const second = await walkDelta(client, first.deltaLink);
    expect(second.items).toHaveLength(2);
    expect(second.items).toContainEqual(
      expect.objectContaining({ id: soft, '@removed': { reason: 'changed' } }),
    );
    expect(second.items).toContainEqual(
      expect.objectContaining({ id: hard, '@removed': { reason: 'deleted' } }),
    );
    // A soft-deleted user leaves /users too.
    await expect(client.api(`/users/${soft}`).get()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('brings a restored user back in full in the next round', async () => {
    const first = await walkDelta(client, start);
    const user = first.items[40]!;
    const id = String(user['id']);
    await control(emulator, agent, 'DELETE', `${tenantPath()}/users/${id}`);
    const second = await walkDelta(client, first.deltaLink);
    await control(emulator, agent, 'POST', `${tenantPath()}/users/${id}/restore`);
    const third = await walkDelta(client, second.deltaLink);
    expect(third.items).toEqual([user]);
  });

  it('cannot restore a hard-deleted user', async () => {
    const first = await walkDelta(client, start);
    const id = String(first.items[50]!['id']);
    await control(emulator, agent, 'DELETE', `${tenantPath()}/users/${id}?hard=true`);
    await expect(
      control(emulator, agent, 'POST', `${tenantPath()}/users/${id}/restore`),
    ).rejects.toThrow(/404/);
  });

  it('tracks the manager as manager@delta ids, and its removal', async () => {
    const first = await walkDelta(client, '/users/delta?$select=id,displayName,manager');
    const withManager = first.items.filter((item) => Array.isArray(item['manager@delta']));
    expect(withManager.length).toBeGreaterThan(400);
    const sample = withManager[5]!;
    expect(sample['manager@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: expect.any(String) as string },
    ]);
    const id = String(sample['id']);
    const oldManager = (sample['manager@delta'] as { id: string }[])[0]!.id;
    const newManager = String(withManager[6]!['id']);

    await control(emulator, agent, 'PATCH', `${tenantPath()}/users/${id}`, {
      manager: { id: newManager },
    });
    const second = await walkDelta(client, first.deltaLink);
    expect(second.items).toEqual([
      expect.objectContaining({
        id,
        'manager@delta': [{ '@odata.type': '#microsoft.graph.user', id: newManager }],
      }),
    ]);

    await control(emulator, agent, 'PATCH', `${tenantPath()}/users/${id}`, { manager: null });
    const third = await walkDelta(client, second.deltaLink);
    expect(third.items[0]!['manager@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: newManager, '@removed': { reason: 'deleted' } },
    ]);
    expect(oldManager).not.toBe(newManager);
  });

  it('starts from now with $deltatoken=latest: no users, only a deltaLink', async () => {
    const page = (await client.api(`${start}&$deltatoken=latest`).get()) as {
      value: unknown[];
      '@odata.deltaLink'?: string;
      '@odata.nextLink'?: string;
    };
    expect(page.value).toEqual([]);
    expect(page['@odata.nextLink']).toBeUndefined();
    const someone = (await client.api('/users').select('id').top(1).get()) as {
      value: { id: string }[];
    };
    await control(emulator, agent, 'PATCH', `${tenantPath()}/users/${someone.value[0]!.id}`, {
      officeLocation: 'Mill 3',
    });
    const next = await walkDelta(client, page['@odata.deltaLink']!);
    expect(next.items.map((item) => item['id'])).toEqual([someone.value[0]!.id]);
  });

  it('repeats users within a round when replays are on, and still ends', async () => {
    await control(emulator, agent, 'PUT', `${tenantPath()}/delta-options`, { replayEvery: 10 });
    const round = await walkDelta(client, start);
    const ids = round.items.map((item) => item['id']);
    const users = await activeUsers();
    expect(ids.length).toBeGreaterThan(users);
    expect(new Set(ids).size).toBe(users);
  });

  it('answers 400 syncStateNotFound for a delta link after the tokens are expired', async () => {
    const first = await walkDelta(client, start);
    await control(emulator, agent, 'POST', `${tenantPath()}/expire-delta-tokens`);
    const error = await client
      .api(first.deltaLink)
      .get()
      .then(
        () => undefined,
        (e: unknown) => e as GraphError,
      );
    expect(error?.statusCode).toBe(400);
    expect(error?.code).toBe('syncStateNotFound');
    // A fresh round works at once.
    expect((await walkDelta(client, start)).items).toHaveLength(await activeUsers());
  });

  it('answers 410 with a Location to restart from when a resync is forced', async () => {
    const first = await walkDelta(client, start);
    await control(emulator, agent, 'POST', `${tenantPath()}/faults`, {
      status: 410,
      times: 1,
      path: '/v1.0/users/delta',
    });
    const error = await client
      .api(first.deltaLink)
      .get()
      .then(
        () => undefined,
        (e: unknown) => e as GraphError,
      );
    expect(error?.statusCode).toBe(410);
    expect(error?.code).toBe('resyncRequired');
    expect(error?.headers?.get('location')).toContain('/v1.0/users/delta');
    // The fault was for one request only.
    expect((await walkDelta(client, first.deltaLink)).items).toEqual([]);
  });

  it('refuses a forged delta token', async () => {
    await expect(
      client
        .api('/users/delta?$deltatoken=not-a-token')
        .middlewareOptions([new RetryHandlerOptions(0, 0)])
        .get(),
    ).rejects.toMatchObject({ statusCode: 400, code: 'syncStateNotFound' });
  });
});

describe('delta token lifetime', () => {
  it('expires delta links after the configured lifetime', async () => {
    const emulator = await startEmulator({ users: 30, deltaTokenLifetimeSeconds: 3600 });
    const agent = trustingAgent(emulator);
    try {
      const tid = emulator.tenants[0]!.id;
      const first = await walkDelta(
        graphClient(emulator, agent, () => graphToken(emulator, tid, agent)),
        start,
      );
      await control(emulator, agent, 'POST', '/clock', { advanceSeconds: 3601 });
      // A fresh client: the token minted before the clock moved would have expired too.
      const client = graphClient(emulator, agent, () => graphToken(emulator, tid, agent));
      await expect(client.api(first.deltaLink).get()).rejects.toMatchObject({
        statusCode: 400,
        code: 'syncStateNotFound',
      });
    } finally {
      await agent.close();
      await emulator.close();
    }
  });
});
