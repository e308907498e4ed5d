import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError, ERROR_STATUS } from './domain-error.js';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  [extra: string]: unknown;
}

const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET']);
// values PostgreSQL cannot take (an id past its column's range, a NUL byte, an impossible date): the client's mistake
const PG_INVALID_INPUT = new Set(['22003', '22P02', '22021', '22007', '22008']);

/** Maps any error to `{statusCode, error, message}`; only a true bug becomes a 500. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = ERROR_STATUS[exception.code];
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: exception.message, ...exception.details };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: string | string[] }).message ?? exception.message);
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  }
  const err = exception as { type?: string; status?: number; code?: string; message?: string };
  // body-parser errors (malformed JSON, too large, bad charset) carry their own status
  if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    const message = err.type === 'entity.too.large' ? 'Request body is too large' : err.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : (err.message ?? 'Bad request');
    return { statusCode: err.status, error: STATUS_CODES[err.status] ?? 'Error', message };
  }
  const code = (exception as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? err?.code;
  // a transaction whose connection died under it: TypeORM released the runner mid-work
  const lostConnection = exception instanceof QueryRunnerProviderAlreadyReleasedError || exception instanceof QueryRunnerAlreadyReleasedError;
  if (lostConnection || (code && PG_UNAVAILABLE.has(code)) || /timeout exceeded when trying to connect|Connection terminated|not queryable|ECONNREFUSED|ECONNRESET|terminating connection|the database system is (starting up|shutting down)|connect ECONN/i.test(err?.message ?? '')) {
    return { statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable, try again shortly' };
  }
  if (exception instanceof QueryFailedError && code && PG_INVALID_INPUT.has(code)) {
    return { statusCode: 400, error: 'Bad Request', message: 'A value in the request is out of range or not valid' };
  }
  if (exception instanceof QueryFailedError && code === '57014') {
    return { statusCode: 503, error: 'Service Unavailable', message: 'The request took too long' };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side' };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request>();
    const body = toErrorBody(exception);
    if (body.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error({ err: exception, path: request?.url }, 'request failed');
    }
    if (body.statusCode === 429 && typeof body.retryAfter === 'number') response.setHeader('Retry-After', String(body.retryAfter));
    if (body.statusCode === 503) response.setHeader('Retry-After', '2');
    // a route may have set its own type (feeds: Atom) before failing; the error is JSON
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.status(body.statusCode).json(body);
  }
}
