import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import { StoreConflict } from '../ports/store.js';
import { AuthenticationError } from './auth/authentication-error.js';

/** Parses request input with a schema; a mismatch is a 400 naming every offending field. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('invalid_request', 400, `The ${what} is invalid.`, {
      details: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}

/** 404 for paths the API does not have, in the API's error shape. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', 404, `No route ${req.method} ${req.path}.`));
};

/** Body-parser failures Express reports with a `type`; each gets a stable code. */
function parserError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('malformed_json', 400, 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('payload_too_large', 413, 'The request body is too large.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(
        'unsupported_encoding',
        415,
        'The request body encoding is not supported.',
      );
    default:
      return undefined;
  }
}

/**
 * The one error middleware: every failure becomes `{ error: { code, message, details } }`.
 * Unknown errors are a 500 with no detail beyond the request id; the log has the rest.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known =
      error instanceof AppError
        ? error
        : error instanceof StoreConflict
          ? new AppError('conflict', 409, error.message)
          : parserError(error);
    const requestId = String(res.locals['requestId'] ?? '');
    if (known === undefined) {
      logger.error({ err: error, requestId, path: req.path }, 'request failed');
      res.status(500).json({
        error: {
          code: 'internal_error',
          message: `Something went wrong (request ${requestId}).`,
          details: null,
        },
      });
      return;
    }
    if (known instanceof AuthenticationError) res.set('www-authenticate', known.wwwAuthenticate);
    if (known.status >= 500) {
      logger.error({ err: known, cause: known.cause, requestId, path: req.path }, known.message);
    }
    res.status(known.status).json({
      error: { code: known.code, message: known.message, details: known.details ?? null },
    });
  };
}
