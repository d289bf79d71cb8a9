import type { RequestHandler, Response } from 'express';
import type { AccessTokenValidator, Caller } from './access-token-validator.js';
import { AuthenticationError } from './authentication-error.js';

/**
 * Express middleware: validates the request's bearer token and sets `res.locals.caller`,
 * or passes the error on (with its `WWW-Authenticate` challenge already set).
 */
export function authenticate(validator: AccessTokenValidator): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals['caller'] = await validator.validate(req.headers.authorization);
      next();
    } catch (error) {
      if (error instanceof AuthenticationError) res.set('www-authenticate', error.wwwAuthenticate);
      next(error);
    }
  };
}

/** The caller `authenticate` put on the response; throws if the route was mounted without it. */
export function callerOf(res: Response): Caller {
  const caller = res.locals['caller'] as Caller | undefined;
  if (caller === undefined) throw new Error('No caller: the route is not behind authenticate().');
  return caller;
}
