/**
 * Roster's error family: a stable snake_case `code` clients and the CLI can rely on, the
 * HTTP status it maps to, and the cause.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown; details?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }
  readonly details: unknown;
}

export const notLinked = (tenantId: string) =>
  new AppError('tenant_not_linked', 404, `Tenant ${tenantId} is not linked to Roster.`);

export const syncInProgress = (tenantId: string) =>
  new AppError('sync_in_progress', 409, `A sync of tenant ${tenantId} is already running.`);
