import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ActionBody, ActionName } from '../domain/actions';
import * as S from './schemas';

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'staffToken', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const security = [{ [bearer.name]: [] }];
  const json = (schema: z.ZodType, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
  const errors = (...codes: number[]) =>
    Object.fromEntries(codes.map((c) => [c, json(S.ErrorBody, ERROR_TEXT[c] ?? 'Error')]));
  const staff = (route: RouteConfig): RouteConfig => ({ security, ...route, responses: { ...errors(401, 403), ...route.responses } });

  registry.registerPath(staff({ method: 'get', path: '/api/v1/branches', tags: ['Catalogue'], responses: { 200: json(z.array(S.Branch)) } }));
  registry.registerPath(staff({ method: 'get', path: '/api/v1/departments', tags: ['Catalogue'], responses: { 200: json(z.array(S.Department)) } }));
  registry.registerPath(staff({ method: 'get', path: '/api/v1/procedures', tags: ['Catalogue'], responses: { 200: json(z.array(S.ProcedureSummary)) } }));
  registry.registerPath(staff({ method: 'get', path: '/api/v1/calendar/holidays', tags: ['Calendar'], request: { query: S.HolidaysQuery }, responses: { 200: json(S.Holidays), ...errors(400) } }));
  registry.registerPath(
    staff({
      method: 'get',
      path: '/api/v1/calendar/due-date',
      tags: ['Calendar'],
      description: 'The appointment for a dossier received at `receivedAt`: by a procedure’s rules, or plain working-day arithmetic.',
      request: { query: z.object({ receivedAt: z.string(), procedureCode: z.string().optional(), workingDays: z.number().optional() }) },
      responses: { 200: json(z.object({ dueAt: z.string() })), ...errors(400, 404) },
    }),
  );
  registry.registerPath(
    staff({
      method: 'post',
      path: '/api/v1/dossiers',
      tags: ['Dossiers'],
      summary: 'Receive a dossier (clerk)',
      request: {
        headers: z.object({ 'Idempotency-Key': z.string().optional() }),
        body: { content: { 'application/json': { schema: S.ReceiveDossierBody } } },
      },
      responses: { 201: json(S.CreatedDossier, 'Received'), 200: json(S.CreatedDossier, 'A repeat of an earlier request'), ...errors(400, 409, 422, 503) },
    }),
  );
  registry.registerPath(staff({ method: 'get', path: '/api/v1/dossiers', tags: ['Dossiers'], request: { query: S.DossierListQuery }, responses: { 200: json(S.DossierList), ...errors(400) } }));
  registry.registerPath(
    staff({ method: 'get', path: '/api/v1/dossiers/{code}', tags: ['Dossiers'], request: { params: z.object({ code: z.string() }) }, responses: { 200: json(S.Dossier), ...errors(404) } }),
  );
  for (const action of ActionName.options) {
    registry.registerPath(
      staff({
        method: 'post',
        path: `/api/v1/dossiers/{code}/actions/${action}`,
        tags: ['Actions'],
        summary: `${action}`,
        request: {
          params: z.object({ code: z.string() }),
          headers: z.object({ 'Idempotency-Key': z.string().optional() }),
          body: { content: { 'application/json': { schema: ActionBody[action] } } },
        },
        responses: { 200: json(S.Dossier, 'The dossier after the action'), ...errors(400, 404, 409, 503) },
      }),
    );
  }
  registry.registerPath(staff({ method: 'get', path: '/api/v1/tasks', tags: ['Tasks'], responses: { 200: json(z.array(S.Task)) } }));
  registry.registerPath({
    method: 'get',
    path: '/api/v1/public/dossiers/{code}',
    tags: ['Public'],
    summary: 'Citizens’ status lookup by code and PIN',
    request: { params: z.object({ code: z.string() }), query: S.PublicLookupQuery },
    responses: { 200: json(S.PublicDossier), ...errors(400, 404, 429) },
  });
  registry.registerPath({ method: 'get', path: '/healthz', tags: ['Operations'], responses: { 200: json(z.object({ status: z.string() })) } });
  registry.registerPath({ method: 'get', path: '/readyz', tags: ['Operations'], responses: { 200: json(z.object({ status: z.string() })), 503: json(z.object({ status: z.string() }), 'Not ready') } });
  registry.registerPath({ method: 'get', path: '/metrics', tags: ['Operations'], responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } } } });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Motcua API',
      version: '1.0.0',
      description: 'One-stop dossier processing for public administration service centers. Instants are rendered in Asia/Ho_Chi_Minh (+07:00).',
    },
    servers: [{ url: '/' }],
  });
}

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'invalid_transition or conflict',
  422: 'incomplete_dossier',
  429: 'rate_limited',
  503: 'unavailable: nothing was changed',
};
