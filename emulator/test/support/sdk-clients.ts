import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkResponse,
} from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';
import { Agent, fetch as undiciFetch } from 'undici';
import type { RunningEmulator } from '../../src/start-emulator.js';

/** An undici agent that trusts the emulator's CA and nothing else: TLS verification stays on. */
export function trustingAgent(emulator: RunningEmulator): Agent {
  return new Agent({ connect: { ca: emulator.caCertPem }, keepAliveTimeout: 10_000 });
}

/** MSAL's network module on undici, so MSAL trusts the emulator's CA (msal-node 7 has no other CA hook). */
export function msalNetworkClient(agent: Agent): INetworkModule {
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options?: { headers?: Record<string, string>; body?: string },
  ): Promise<NetworkResponse<T>> => {
    const response = await undiciFetch(url, {
      method,
      dispatcher: agent,
      ...(options?.headers !== undefined ? { headers: options.headers } : {}),
      ...(options?.body !== undefined ? { body: options.body } : {}),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { headers, body: (await response.json()) as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}

/** The real MSAL confidential client, pointed at the emulator as its authority. */
export function msalClient(
  emulator: RunningEmulator,
  tenantId: string,
  agent: Agent,
  credential:
    | { clientSecret: string }
    | { clientCertificate: { thumbprintSha256: string; privateKey: string } } = {
    clientSecret: emulator.app.clientSecret,
  },
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: emulator.app.clientId,
      authority: `${emulator.url}/${tenantId}`,
      knownAuthorities: [new URL(emulator.url).host],
      ...credential,
    },
    system: { networkClient: msalNetworkClient(agent) },
  });
}

/** Gets an app-only Graph token for a tenant with MSAL. */
export async function graphToken(
  emulator: RunningEmulator,
  tenantId: string,
  agent: Agent,
): Promise<string> {
  const result = await msalClient(emulator, tenantId, agent).acquireTokenByClientCredential({
    scopes: ['https://graph.microsoft.com/.default'],
  });
  if (result === null) throw new Error('MSAL returned no token');
  return result.accessToken;
}

/** The real Microsoft Graph client with the emulator as its base URL, trusting the emulator's CA. */
export function graphClient(
  emulator: RunningEmulator,
  agent: Agent,
  token: () => Promise<string>,
): Client {
  return Client.init({
    baseUrl: `${emulator.url}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(emulator.url).hostname]),
    // Node's fetch takes an undici dispatcher; its bundled typings lag behind the undici package.
    fetchOptions: { dispatcher: agent } as unknown as RequestInit,
    authProvider: (done) => {
      token().then(
        (value) => done(null, value),
        (error: unknown) => done(error, null),
      );
    },
  });
}
