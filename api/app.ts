import express, { type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { authenticate, requireScope } from './auth';
import { consoleRoutes } from './console';
import type { AppContext } from './context';
import { errorHandler, HttpError } from './errors';
import { BODY_LIMIT_BYTES, declaredRoutes, rejectHostileBody, rejectHostileRequestLine, requireJsonBody } from './hostile-input';
import { measureRequests } from './metrics';
import { openApiDocument } from './openapi';
import { securityMiddleware } from './security';
import { catalogueRoutes } from './routes/catalogue';
import { orgAuditRoutes } from './routes/org-audit';
import { unitRoutes } from './routes/units';
import { dossierRoutes } from './routes/dossiers';
import { operationsRoutes } from './routes/operations';
import { printRoutes } from './routes/print';
import { publicRoutes } from './routes/public';
import { receptionRoutes } from './routes/reception';
import { reportRoutes } from './routes/reports';
import { taskRoutes } from './routes/tasks';
import { authRoutes } from './routes/auth';
import { oidcRoutes } from './routes/oidc';
import { meRoutes } from './routes/me';
import { staffRoutes } from './routes/staff';
import { eventRoutes } from './routes/events';
import { webhookRoutes } from './routes/webhooks';
import { serviceAccountRoutes } from './routes/service-accounts';
import { tokenRoutes } from './routes/token';
import { nationalPortalRoutes } from './routes/national-portal';

/** The HTTP API, built from its dependencies so that tests can build it on real ones. */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityMiddleware());
  app.use(measureRequests);
  const openapi = openApiDocument();
  // Hostile input stops here, before any route reads it (api/hostile-input.ts); so do undeclared methods (405)
  // and an operation whose body the document requires, sent without one (400).
  app.use(rejectHostileRequestLine, declaredRoutes(openapi), requireJsonBody);
  app.use(express.json({ limit: BODY_LIMIT_BYTES }));
  app.use(rejectHostileBody);

  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(undefined, { swaggerUrl: '/api/v1/openapi.json', customSiteTitle: 'Motcua API' }));
  app.use(operationsRoutes(ctx));
  app.use('/api/v1/public', publicRoutes(ctx));

  app.use('/api/v1/auth', tokenRoutes(ctx));
  app.use('/api/v1/auth', authRoutes(ctx));
  // OIDC sign-in (when OIDC_ISSUER is set; 404 otherwise): browser redirects, outside the JSON API's prefix.
  app.use('/auth/oidc', oidcRoutes(ctx));

  const staff = express.Router();
  staff.use(authenticate(ctx));
  staff.use(catalogueRoutes(ctx));
  staff.use(unitRoutes(ctx));
  staff.use(orgAuditRoutes(ctx));
  staff.use('/dossiers', dossierRoutes(ctx));
  staff.use('/tasks', taskRoutes(ctx));
  staff.use('/reports', reportRoutes(ctx));
  staff.use('/reception', receptionRoutes(ctx));
  staff.use(meRoutes(ctx));
  staff.use('/staff', staffRoutes(ctx));
  staff.use('/webhooks', webhookRoutes(ctx));
  staff.use('/events', eventRoutes(ctx));
  staff.use('/service-accounts', serviceAccountRoutes(ctx));
  staff.use(nationalPortalRoutes(ctx));
  app.use('/api/v1', staff);
  // The printable forms: staff only, as the API (401/403/404), HTML for A4.
  app.use('/print', authenticate(ctx), requireScope('dossiers:read'), printRoutes(ctx));
  // The console's single-page app at / (issue 11): after the API, so that no API path is ever its page.
  app.use(consoleRoutes());

  app.use((req, _res, next) => next(new HttpError('not_found', `No route ${req.method} ${req.path}.`)));
  app.use(errorHandler);
  return app;
}
