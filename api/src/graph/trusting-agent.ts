import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';

/**
 * An HTTP agent that trusts the system's roots plus, when configured, one extra CA file
 * (the emulator's locally). TLS verification is never turned off.
 */
export function trustingAgent(caFile: string | undefined): Agent {
  const ca = caFile === undefined ? undefined : [...rootCertificates, readFileSync(caFile, 'utf8')];
  return new Agent({
    keepAliveTimeout: 10_000,
    connect: ca === undefined ? {} : { ca },
  });
}
