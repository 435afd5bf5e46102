import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { logger } from '../config/logger';
import { CalendarRangeError } from '../domain/calendar';

export type ErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'oidc_state_mismatch'
  | 'oidc_provider_error'
  | 'oidc_token_invalid'
  | 'oidc_unknown_subject'
  | 'oidc_account_inactive'
  | 'role_not_in_unit'
  | 'weak_password'
  | 'not_found'
  | 'method_not_allowed'
  | 'invalid_transition'
  | 'conflict'
  | 'incomplete_dossier'
  | 'not_conditional_component'
  | 'calendar_year_unknown'
  | 'fee_not_due'
  | 'fee_already_paid'
  | 'fee_unpaid'
  | 'fee_mismatch'
  | 'invalid_appointment'
  | 'not_offered_here'
  | 'unit_not_operating'
  | 'unit_rule_violation'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  oidc_state_mismatch: 400,
  oidc_provider_error: 401,
  oidc_token_invalid: 401,
  oidc_unknown_subject: 401,
  oidc_account_inactive: 401,
  role_not_in_unit: 422,
  weak_password: 422,
  not_found: 404,
  method_not_allowed: 405,
  invalid_transition: 409,
  conflict: 409,
  incomplete_dossier: 422,
  not_conditional_component: 422,
  calendar_year_unknown: 422,
  fee_not_due: 409,
  fee_already_paid: 409,
  fee_unpaid: 409,
  fee_mismatch: 422,
  invalid_appointment: 422,
  not_offered_here: 409,
  unit_not_operating: 409,
  unit_rule_violation: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** The HTTP status the API answers an error code with. */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** An error the API answers with `{ code, message, details? }` (api-contract.md, "Errors"). */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/** An Idempotency-Key sent again with another request (receipt or action): the key names one request only. */
export function keyReused(): HttpError {
  return new HttpError('conflict', 'This Idempotency-Key was already used for a different request.');
}

/** Business failures thrown by the workflow, by their ApplicationFailure type. */
const FAILURE_CODES: Record<string, ErrorCode> = {
  invalid_transition: 'invalid_transition',
  forbidden: 'forbidden',
  invalid_request: 'invalid_request',
  incomplete_dossier: 'incomplete_dossier',
  fee_not_due: 'fee_not_due',
  fee_already_paid: 'fee_already_paid',
  fee_unpaid: 'fee_unpaid',
  fee_mismatch: 'fee_mismatch',
  invalid_appointment: 'invalid_appointment',
};

/** One place that turns whatever went wrong into the contract's error body. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) return new HttpError('invalid_request', 'The request is not valid.', err.issues);
  // domain.md §4: a due date is never computed silently on a year the system knows nothing about.
  if (err instanceof CalendarRangeError) {
    return new HttpError('calendar_year_unknown', err.message, { year: err.year, knownYears: err.known });
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = FAILURE_CODES[err.cause.type ?? ''];
    if (code) return new HttpError(code, err.cause.message, err.cause.details?.[0] ?? undefined);
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new HttpError('unavailable', 'The action was not confirmed in time (no worker took it). Repeat it with the same Idempotency-Key: it will happen once.');
  }
  if (err instanceof WorkflowNotFoundError) return new HttpError('not_found', 'No such dossier is being processed.');
  if (isUnavailable(err)) return new HttpError('unavailable', 'A dependency did not answer in time; nothing was changed.');
  const malformed = malformedRequest(err);
  if (malformed) return malformed;
  return new HttpError('internal', 'Something went wrong on our side.');
}

/** Temporal or PostgreSQL unreachable or too slow: the caller may retry. */
function isUnavailable(err: unknown): boolean {
  if (isGrpcServiceError(err)) return true;
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown } | null;
  if (!e) return false;
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.name === 'ServiceError') return true;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(e.code)) return true;
  // node-postgres on a connection that died (a statement, or the ROLLBACK after it): "… is not queryable".
  if (e.message && /Knex: Timeout acquiring a connection|deadline exceeded|Connection terminated|is not queryable/i.test(e.message)) return true;
  if (e.cause && e.cause !== err) return isUnavailable(e.cause);
  return false;
}

/** What the body parser and the router refuse (they throw errors with a `type`, or with `status` 400). */
function malformedRequest(err: unknown): HttpError | null {
  const e = err as { type?: string; status?: number; limit?: number } | null;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new HttpError('invalid_request', 'The body is not valid JSON.');
    case 'entity.too.large':
      return new HttpError('payload_too_large', `The body is larger than the limit${e.limit ? ` of ${e.limit} bytes` : ''}.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError('unsupported_media_type', 'The body must be JSON in UTF-8, without a content encoding.');
  }
  // e.g. a path parameter that is not valid percent-encoding (the router's decodeURIComponent).
  if (e?.status === 400) return new HttpError('invalid_request', 'The request is malformed.');
  return null;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const httpError = toHttpError(err);
  if (httpError.code === 'internal') {
    logger.error({ err, method: req.method, path: req.route?.path ?? req.path }, httpError.message);
  } else if (httpError.code === 'unavailable') {
    logger.warn({ method: req.method, path: req.route?.path ?? req.path, cause: err instanceof Error ? err.message : String(err) }, httpError.message);
  }
  const body: Record<string, unknown> = { code: httpError.code, message: httpError.message };
  if (httpError.details !== undefined) body.details = httpError.details;
  res.status(httpError.status).json(body);
};
