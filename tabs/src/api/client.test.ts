import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, createApiClient } from './client';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('the API client', () => {
  it('asks for a token on every call and sends it as a bearer token', async () => {
    let n = 0;
    const getToken = vi.fn(() => Promise.resolve(`token-${++n}`));
    const fetch = vi.fn((_url: string | URL | Request, _init?: RequestInit) =>
      Promise.resolve(json(200, { ok: true })),
    );
    const client = createApiClient({ getToken, fetch });
    await client.request('/api/me');
    await client.request('/api/me');
    expect(getToken).toHaveBeenCalledTimes(2);
    const auth = fetch.mock.calls.map(([, init]) =>
      new Headers(init?.headers).get('authorization'),
    );
    expect(auth).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('sends JSON bodies and hands back the answer with its headers', async () => {
    const fetch = vi.fn((_url: string | URL | Request, _init?: RequestInit) =>
      Promise.resolve(json(200, { saved: true }, { etag: '"v2"' })),
    );
    const client = createApiClient({ getToken: () => Promise.resolve('t'), fetch });
    const { data, headers } = await client.request<{ saved: boolean }>('/api/tenant/settings', {
      method: 'PUT',
      body: { a: 1 },
      headers: { 'if-match': '"v1"' },
    });
    expect(data).toEqual({ saved: true });
    expect(headers.get('etag')).toBe('"v2"');
    const init = fetch.mock.calls[0]?.[1];
    expect(init?.method).toBe('PUT');
    expect(init?.body).toBe('{"a":1}');
    expect(new Headers(init?.headers).get('if-match')).toBe('"v1"');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
  });

  it("turns the API's error body into a typed ApiError", async () => {
    const body = { error: { code: 'settings_changed', message: 'Reload.', details: { x: 1 } } };
    const client = createApiClient({
      getToken: () => Promise.resolve('t'),
      fetch: () => Promise.resolve(json(412, body)),
    });
    const error = await client.request('/api/tenant/settings').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 412,
      code: 'settings_changed',
      message: 'Reload.',
      details: { x: 1 },
    });
  });

  it('still gives a typed error when the body is not the API’s', async () => {
    const client = createApiClient({
      getToken: () => Promise.resolve('t'),
      fetch: () => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 })),
    });
    await expect(client.request('/api/me')).rejects.toMatchObject({
      status: 502,
      code: 'unknown_error',
    });
  });

  it('says sign-in is needed when no token can be had, and the network when it fails', async () => {
    const noToken = createApiClient({
      getToken: () => Promise.reject(new Error('consent required')),
      fetch: () => Promise.resolve(json(200, {})),
    });
    await expect(noToken.request('/api/me')).rejects.toMatchObject({
      status: 401,
      code: 'sign_in_required',
    });
    const offline = createApiClient({
      getToken: () => Promise.resolve('t'),
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(offline.request('/api/me')).rejects.toMatchObject({ code: 'network_error' });
  });

  it('checks answers against a schema when given one', async () => {
    const client = createApiClient({
      getToken: () => Promise.resolve('t'),
      fetch: () => Promise.resolve(json(200, { count: 'three' })),
    });
    const schema = z.object({ count: z.number() });
    await expect(client.request('/api/x', { schema })).rejects.toMatchObject({
      code: 'unexpected_response',
    });
  });

  it('hands downloads back as blobs', async () => {
    const client = createApiClient({
      getToken: () => Promise.resolve('t'),
      fetch: () => Promise.resolve(new Response('id,Name\r\n', { status: 200 })),
    });
    const { data } = await client.request<Blob>('/api/employees/export.csv', {
      responseType: 'blob',
    });
    expect(await data.text()).toBe('id,Name\r\n');
  });
});
