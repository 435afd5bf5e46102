/* eslint-disable no-control-regex -- finding control characters is what these patterns are for */
import http, { type Server } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from './errors';

/**
 * The first line of defence against hostile input, in one place: whatever a route's schema says, no request
 * whose path, query, headers or JSON body carries a control character gets past here (PostgreSQL refuses
 * NUL outright, and no field of this API has a use for the others). The routes' zod schemas say the same
 * for each field, and the OpenAPI document shows it (api/schemas.ts); this is the backstop for anything a
 * schema does not reach (unknown parameters, ids read before validation, headers).
 */

/** In a path, query or header nothing below a space, nor DEL (a header value may hold a tab: RFC 9110). */
const LINE_CONTROL = /[\x00-\x1f\x7f]/;
const HEADER_CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
/** In JSON text, tab and line breaks are text; the other ASCII control characters are not. */
const TEXT_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The largest JSON body accepted (413 above it); the OpenAPI document says so too. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Path, query and headers: before anything reads them. */
export const rejectHostileRequestLine: RequestHandler = (req, _res, next) => {
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return next(new HttpError('invalid_request', 'The path is not valid percent-encoded UTF-8.'));
    }
    if (LINE_CONTROL.test(decoded)) return next(new HttpError('invalid_request', 'The path holds a control character.'));
  }
  const query = req.url.includes('?') ? req.query : {};
  const bad = findControl(query, LINE_CONTROL);
  if (bad !== null) return next(new HttpError('invalid_request', `The query parameter ${printable(bad)} holds a control character.`));
  for (const [name, value] of Object.entries(req.headers)) {
    const values = Array.isArray(value) ? value : [value ?? ''];
    if (values.some((v) => HEADER_CONTROL.test(v))) return next(new HttpError('invalid_request', `The header ${name} holds a control character.`));
  }
  next();
};

/** Where a form is read too: OAuth 2.0 clients send the token request as application/x-www-form-urlencoded (RFC 6749 §4.4.2). */
export const FORM_PATHS: ReadonlySet<string> = new Set(['/api/v1/auth/token']);

/** A request with a body must send JSON (the only type the API reads, but for FORM_PATHS' forms): else 415, not a silent empty body. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (!BODY_METHODS.has(req.method) || !hasBody(req)) return next();
  if (FORM_PATHS.has(req.path) && req.is('application/x-www-form-urlencoded')) return next();
  if (!req.is('application/json')) {
    return next(new HttpError('unsupported_media_type', `The body must be application/json, not ${req.headers['content-type'] ?? 'untyped'}.`));
  }
  next();
};

/** The parsed JSON body, every key and string at any depth. */
export const rejectHostileBody: RequestHandler = (req, _res, next) => {
  const bad = req.body === undefined ? null : findControl(req.body, TEXT_CONTROL);
  if (bad !== null) return next(new HttpError('invalid_request', `The body field ${printable(bad)} holds a control character.`, [{ path: bad, message: 'control character' }]));
  next();
};

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The path (keys) to the first string or key holding a control character, or null. Bounded by the body limit. */
function findControl(value: unknown, control: RegExp, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return control.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControl(value[i], control, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (control.test(key)) return [...path, key];
      const found = findControl(item, control, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function printable(path: (string | number)[]): string {
  return JSON.stringify(path.join('.'));
}

interface OpenApiLike {
  paths?: Record<string, Record<string, unknown>>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Route {
  pattern: RegExp;
  templated: number;
  /** The document's operations on this path, by lower-case method. */
  operations: Record<string, { requestBody?: { required?: boolean } }>;
}

/**
 * What the document declares, held to before any route reads the request (the OpenAPI document is the one list
 * of routes, so the two cannot drift):
 * - a method it does not declare on a path it does: 405 with `Allow` (HEAD goes wherever GET does; OPTIONS
 *   answers 204 with `Allow`; a CORS preflight is answered before this, by api/security.ts);
 * - an operation whose body it requires, sent without one: 400 `body_required`, not read as an empty object
 *   (a PATCH with nothing in it is `{}`, sent).
 * Unknown paths go on to the 404. As in OpenAPI, a literal path wins over a templated one (`/dossiers/import`
 * is not a `/dossiers/{code}`).
 */
export function declaredRoutes(doc: OpenApiLike): RequestHandler {
  const routes: Route[] = Object.entries(doc.paths ?? {}).map(([template, item]) => ({
    pattern: new RegExp(`^${template.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}/?$`),
    templated: (template.match(/\{/g) ?? []).length,
    operations: Object.fromEntries(HTTP_METHODS.filter((m) => m in item).map((m) => [m, item[m] as Route['operations'][string]])),
  }));
  return (req: Request, res: Response, next: NextFunction) => {
    const matching = routes.filter((r) => r.pattern.test(req.path));
    if (matching.length === 0) return next();
    const fewest = Math.min(...matching.map((r) => r.templated));
    const declared = matching.filter((r) => r.templated === fewest);
    const allowed = new Set(declared.flatMap((r) => Object.keys(r.operations).map((m) => m.toUpperCase())));
    if (allowed.has('GET')) allowed.add('HEAD');
    allowed.add('OPTIONS');
    const allow = [...allowed].join(', ');
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      res.status(204).end();
      return;
    }
    if (!allowed.has(req.method)) {
      res.setHeader('Allow', allow);
      return next(new HttpError('method_not_allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow}.`));
    }
    const method = req.method.toLowerCase();
    if (BODY_METHODS.has(req.method) && !hasBody(req) && declared.some((r) => r.operations[method]?.requestBody?.required === true)) {
      return next(new HttpError('invalid_request', `${req.method} ${req.path} needs a JSON body.`, { reason: 'body_required' }));
    }
    next();
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a control character in a header, a
 * malformed request line) still get the contract's error body instead of a bare 400.
 */
export function answerMalformedRequests(server: Server): Server {
  server.on('clientError', (err: NodeJS.ErrnoException & { bytesParsed?: number }, socket) => {
    if (!socket.writable || (err.code === 'ECONNRESET' && !('bytesParsed' in err))) {
      socket.destroy();
      return;
    }
    // Headers past the parser's limit get the contract's 400 as well (not a 431, which no client of this contract
    // expects as a refusal of bad input), with the reason and the limit.
    const body = JSON.stringify(
      err.code === 'HPE_HEADER_OVERFLOW'
        ? {
            code: 'invalid_request',
            message: `The request line and headers are larger than ${http.maxHeaderSize} bytes (a query string too long?).`,
            details: { reason: 'headers_too_large', limitBytes: http.maxHeaderSize },
          }
        : { code: 'invalid_request', message: 'The request is not valid HTTP (a control character in a header, or a malformed request line).' },
    );
    socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  return server;
}
