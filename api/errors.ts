import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { logger } from '../config/logger';

export type ErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_transition'
  | 'conflict'
  | 'incomplete_dossier'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_transition: 409,
  conflict: 409,
  incomplete_dossier: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

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

/** Business failures thrown by the workflow, by their ApplicationFailure type. */
const FAILURE_CODES: Record<string, ErrorCode> = {
  invalid_transition: 'invalid_transition',
  forbidden: 'forbidden',
  invalid_request: 'invalid_request',
  incomplete_dossier: 'incomplete_dossier',
};

/** One place that turns whatever went wrong into the contract's error body. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) return new HttpError('invalid_request', 'The request is not valid.', err.issues);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = FAILURE_CODES[err.cause.type ?? ''];
    if (code) return new HttpError(code, err.cause.message, err.cause.details?.[0] ?? undefined);
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new HttpError('unavailable', 'The action was not confirmed in time (no worker took it). Repeat it with the same Idempotency-Key: it will happen once.');
  }
  if (err instanceof WorkflowNotFoundError) return new HttpError('not_found', 'No such dossier is being processed.');
  if (isUnavailable(err)) return new HttpError('unavailable', 'A dependency did not answer in time; nothing was changed.');
  if (isBodyParseError(err)) return new HttpError('invalid_request', 'The body is not valid JSON.');
  return new HttpError('internal', 'Something went wrong on our side.');
}

/** Temporal or PostgreSQL unreachable or too slow: the caller may retry. */
function isUnavailable(err: unknown): boolean {
  if (isGrpcServiceError(err)) return true;
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown } | null;
  if (!e) return false;
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.name === 'ServiceError') return true;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(e.code)) return true;
  if (e.message && /Knex: Timeout acquiring a connection|deadline exceeded|Connection terminated/i.test(e.message)) return true;
  if (e.cause && e.cause !== err) return isUnavailable(e.cause);
  return false;
}

function isBodyParseError(err: unknown): boolean {
  return (err as { type?: string } | null)?.type === 'entity.parse.failed';
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
