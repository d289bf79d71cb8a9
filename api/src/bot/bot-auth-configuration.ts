import { AuthType, type AuthConfiguration } from '@microsoft/agents-hosting';
import type { BotConfig, BotCredential } from '../config.js';

/** The one connection the bot signs in with, for every channel's service URL. */
const connectionName = 'roster';

/**
 * The Agents SDK's authentication settings from Roster's configuration, built here rather
 * than by the SDK's `loadAuthConfigFromEnv`: `config.ts` is the only reader of the
 * environment. The same object checks incoming tokens (`authorizeJWT`) and signs outgoing
 * calls (the adapter). Without credentials it is empty: the SDK's anonymous local mode.
 */
export function botAuthConfiguration(bot: BotConfig): AuthConfiguration {
  const settings: AuthConfiguration =
    bot.kind === 'anonymous'
      ? {}
      : {
          clientId: bot.appId,
          tenantId: bot.tenantId,
          // Only tokens from Bot Framework or the bot's own tenant: Entra signs every
          // tenant's tokens with the same keys, so the audience alone proves too little.
          validateIssuer: true,
          ...credentialSettings(bot.credential),
        };
  return {
    ...settings,
    connections: new Map([[connectionName, settings]]),
    connectionsMap: [{ serviceUrl: '*', connection: connectionName }],
  };
}

function credentialSettings(credential: BotCredential): AuthConfiguration {
  switch (credential.kind) {
    case 'secret':
      return { authType: AuthType.ClientSecret, clientSecret: credential.secret };
    case 'certificate':
      return {
        authType: AuthType.Certificate,
        certPemFile: credential.certPemFile,
        certKeyFile: credential.certKeyFile,
      };
    case 'managedIdentity':
      return { authType: AuthType.UserManagedIdentity };
  }
}
