import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { clientConfigRoutes } from '../src/http/routes/client-config-routes.js';
import { sendConsentPage } from '../src/http/consent-page.js';
import { ConsentStates } from '../src/http/consent-state.js';

const clientId = '7d0c9e4a-52b3-4c8e-9f1d-3a6b2e8c4f10';
const clock = { now: () => new Date('2026-01-01T00:00:00Z') };

const appWith = (authorityHost: string, apiScope?: string) =>
  express().use(
    clientConfigRoutes({
      consent: {
        authorityHost,
        clientId,
        redirectUri: 'https://roster.example/auth/consent/callback',
        states: new ConsentStates(undefined, clock),
      },
      ...(apiScope === undefined ? {} : { apiScope }),
    }),
  );

describe('GET /auth/client-config: what the tab needs to sign in outside Teams', () => {
  it('names a local authority as known, so MSAL skips Microsoft instance discovery', async () => {
    const res = await request(appWith('https://127.0.0.1:8443')).get('/auth/client-config');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toEqual({
      clientId,
      authority: 'https://127.0.0.1:8443/organizations',
      knownAuthorities: ['127.0.0.1:8443'],
      scopes: [`api://${clientId}/access_as_user`],
    });
  });

  it('uses Microsoft instance discovery and the configured App ID URI in production', async () => {
    const res = await request(
      appWith('https://login.microsoftonline.com', 'api://roster.example/x/access_as_user'),
    ).get('/auth/client-config');
    expect(res.body).toMatchObject({
      authority: 'https://login.microsoftonline.com/organizations',
      knownAuthorities: [],
      scopes: ['api://roster.example/x/access_as_user'],
    });
  });

  it('needs no token', async () => {
    const res = await request(appWith('https://127.0.0.1:8443'))
      .get('/auth/client-config')
      .set('authorization', 'Bearer nonsense');
    expect(res.status).toBe(200);
  });
});

describe('the admin-consent page', () => {
  it('keeps its opener: the popup comes back from Entra ID and reports to the tab', async () => {
    const app = express().get('/done', (_req, res) => {
      sendConsentPage(res, 200, { outcome: 'linked' }, 'Roster is linked', 'Linked.');
    });
    const res = await request(app).get('/done');
    expect(res.headers['cross-origin-opener-policy']).toBe('unsafe-none');
  });
});
