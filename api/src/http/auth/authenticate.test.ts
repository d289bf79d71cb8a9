import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../app-error.js';
import type { AccessTokenValidator, Caller } from './access-token-validator.js';
import { authenticate, callerOf } from './authenticate.js';
import { AuthenticationError } from './authentication-error.js';

const riley: Caller = {
  tenantId: '23a0b7cf-7b10-4e51-818d-aea50fdfd333',
  userId: '5d8f3c1e-9a0b-4c6d-8e2f-1a3b5c7d9e0f',
  name: 'Riley Ashcombe',
  username: 'riley.ashcombe@thistle.example',
  roles: [],
  isAdmin: false,
};

/** Accepts `Bearer good`, refuses everything else the way the real validator would. */
const validator: AccessTokenValidator = {
  validate: (header) =>
    header === 'Bearer good'
      ? Promise.resolve(riley)
      : Promise.reject(
          header === undefined
            ? new AuthenticationError('missing_token', 'No token.')
            : new AuthenticationError('token_expired', 'The token has expired.'),
        ),
};

function app() {
  const server = express();
  server.get('/me', authenticate(validator), (_req, res) => {
    res.json(callerOf(res));
  });
  server.get('/open', (_req, res) => {
    res.json(callerOf(res));
  });
  const errors: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const known = error instanceof AppError ? error : new AppError('internal_error', 500, 'Oops.');
    res.status(known.status).json({ error: { code: known.code } });
  };
  server.use(errors);
  return server;
}

describe('authenticate', () => {
  it('puts the validated caller on the response', async () => {
    const response = await request(app()).get('/me').set('authorization', 'Bearer good');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(riley);
  });

  it('passes a refusal to the error middleware with its challenge set', async () => {
    const expired = await request(app()).get('/me').set('authorization', 'Bearer old');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: { code: 'token_expired' } });
    expect(expired.headers['www-authenticate']).toBe(
      'Bearer error="invalid_token", error_description="The token has expired."',
    );

    const anonymous = await request(app()).get('/me');
    expect([anonymous.status, anonymous.headers['www-authenticate']]).toEqual([401, 'Bearer']);
  });

  it('callerOf fails loudly on a route mounted without authenticate', async () => {
    expect((await request(app()).get('/open')).status).toBe(500);
  });
});
