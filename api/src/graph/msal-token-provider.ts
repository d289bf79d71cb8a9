import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkResponse,
} from '@azure/msal-node';
import { fetch, type Agent } from 'undici';

export interface MsalTokenConfig {
  /** `https://login.microsoftonline.com` in production; the emulator's URL locally. */
  readonly authorityHost: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The Graph resource the tokens are for (`https://graph.microsoft.com`). */
  readonly graphResource: string;
}

/** MSAL's network module on undici, so MSAL uses the same trusted agent as Graph calls. */
function networkClient(agent: Agent): INetworkModule {
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options?: { headers?: Record<string, string>; body?: string },
  ): Promise<NetworkResponse<T>> => {
    const response = await fetch(url, {
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

/**
 * App-only Graph tokens per tenant with the client-credentials flow. One MSAL client per
 * tenant, so each tenant's token cache is its own.
 */
export class MsalTokenProvider {
  private readonly clients = new Map<string, ConfidentialClientApplication>();

  constructor(
    private readonly config: MsalTokenConfig,
    private readonly agent: Agent,
  ) {}

  /** A valid token for the tenant; `forceRefresh` skips the cache (after a 401). */
  async token(tenantId: string, forceRefresh = false): Promise<string> {
    const result = await this.client(tenantId).acquireTokenByClientCredential({
      scopes: [`${this.config.graphResource}/.default`],
      skipCache: forceRefresh,
    });
    if (result === null) throw new Error(`MSAL returned no token for tenant ${tenantId}`);
    return result.accessToken;
  }

  private client(tenantId: string): ConfidentialClientApplication {
    let client = this.clients.get(tenantId);
    if (client === undefined) {
      const authority = new URL(`/${tenantId}`, this.config.authorityHost).toString();
      client = new ConfidentialClientApplication({
        auth: {
          clientId: this.config.clientId,
          clientSecret: this.config.clientSecret,
          authority,
          knownAuthorities: [new URL(this.config.authorityHost).host],
        },
        system: { networkClient: networkClient(this.agent) },
      });
      this.clients.set(tenantId, client);
    }
    return client;
  }
}
