import type { Agent } from 'undici';
import { fetch as undiciFetch } from 'undici';
import type { RunningEmulator } from '../../src/start-emulator.js';

/** Calls the emulator's control plane; throws on a non-2xx answer unless `expectStatus` says otherwise. */
export async function control<T = unknown>(
  emulator: RunningEmulator,
  agent: Agent,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await undiciFetch(`${emulator.url}/_emulator${path}`, {
    method,
    dispatcher: agent,
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** A raw HTTPS request to the emulator with the emulator's CA trusted. */
export async function request(
  emulator: RunningEmulator,
  agent: Agent,
  path: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    redirect?: 'manual' | 'follow';
  } = {},
) {
  return undiciFetch(`${emulator.url}${path}`, { dispatcher: agent, redirect: 'manual', ...init });
}
