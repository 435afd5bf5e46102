import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ActionBody } from '../domain/actions';
import { BODY_LIMIT_BYTES } from './hostile-input';
import * as B from './bulk';
import * as S from './schemas';
import * as R from './reception-schemas';
import * as U from './unit-schemas';
import { PrintQuery } from './routes/print';
import * as P from './people-schemas';
import * as I from './integration-schemas';
import * as SA from './service-account-schemas';
import * as N from './portal-schemas';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests: every pattern,
 * length, format and enum the server checks is written once, in api/schemas.ts or domain/text.ts. It is also
 * the API's list of routes: a method it does not declare on a path it does answers 405 (api/hostile-input.ts).
 */
export function openApiDocument(): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'staffToken', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const security = [{ [bearer.name]: [] }];
  const json = (schema: z.ZodType, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
  const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, json(S.ErrorBody, ERROR_TEXT[c] ?? 'Error')]));
  // What any operation may answer: 400 for hostile input (a control character, malformed percent-encoding)
  // wherever it is, 503 when PostgreSQL or Temporal does not answer in time; with a body also 413 and 415.
  const common = (route: RouteConfig): RouteConfig => ({
    ...route,
    responses: { ...errors(400, 503, ...(route.request?.body ? [413, 415] : [])), ...route.responses },
  });
  const open = (route: RouteConfig) => registry.registerPath(common(route));
  const staff = (route: RouteConfig) => registry.registerPath(common({ security, ...route, responses: { ...errors(401, 403), ...route.responses } }));
  const body = (schema: z.ZodType, required = true) => ({
    required,
    description: `JSON, at most ${BODY_LIMIT_BYTES} bytes.`,
    content: { 'application/json': { schema } },
  });
  // A received dossier's code leads to everything done with it (clients, and Schemathesis's stateful phase, follow these).
  const byCode = { code: '$response.body#/code' };
  const dossierLinks = Object.fromEntries([
    ['GetDossier', { operationId: 'getDossier', parameters: byCode }],
    ...S.RoutedAction.options.map((a) => [`Action-${a}`, { operationId: `action-${a}`, parameters: byCode }]),
    ['Progress', { operationId: 'reportProgress', parameters: byCode }],
  ]);
  const created = (description: string) => ({ ...json(S.CreatedDossier, description), links: dossierLinks });
  const idempotency = z.object({
    'Idempotency-Key': S.IdempotencyKey.optional().openapi({ description: 'Repeating a request with the same key does it once and answers as the first time.' }),
  });

  staff({ method: 'get', path: '/api/v1/branches', tags: ['Catalogue'], responses: { 200: json(z.array(S.Branch)) } });
  staff({ method: 'get', path: '/api/v1/departments', tags: ['Catalogue'], responses: { 200: json(z.array(S.Department)) } });
  staff({ method: 'get', path: '/api/v1/procedures', tags: ['Catalogue'], responses: { 200: json(z.array(S.ProcedureSummary)) } });
  // Units over time and where each procedure is received (admins change them; every change is in the audit trail).
  staff({ method: 'get', path: '/api/v1/units', tags: ['Units'], summary: 'The units as they are on a date', request: { query: U.UnitsQuery }, responses: { 200: json(z.array(U.UnitOnDate)) } });
  staff({
    method: 'post',
    path: '/api/v1/units',
    tags: ['Units'],
    summary: 'Create a unit from a date (admin)',
    request: { body: body(U.CreateUnitBody) },
    responses: { 201: json(U.UnitOnDate, 'Created'), ...errors(409, 422) },
  });
  staff({ method: 'get', path: '/api/v1/units/{id}', tags: ['Units'], summary: 'A unit’s versions, oldest first', request: { params: U.UnitPath }, responses: { 200: json(U.UnitHistoryAnswer), ...errors(404) } });
  staff({
    method: 'patch',
    path: '/api/v1/units/{id}',
    tags: ['Units'],
    summary: 'Rename, re-code, move or close (merge) a unit from a date (admin)',
    description:
      'The change holds from `effectiveFrom`; the unit’s history keeps what it was before. 409 `conflict` (details.rule: later_change_exists, code_taken, already_closed), 409 `unit_not_operating` (the unit does not exist on that date), 422 `unit_rule_violation` (details.rule: parent_kind, parent_not_open, has_open_children, merge_target, no_change, close_alone, close_on_opening_day).',
    request: { params: U.UnitPath, body: body(U.ChangeUnitBody) },
    responses: { 200: json(U.UnitHistoryAnswer, 'The unit’s versions after the change'), ...errors(404, 409, 422) },
  });
  staff({
    method: 'get',
    path: '/api/v1/branches/{id}/procedures',
    tags: ['Units'],
    summary: 'The procedures a branch receives on a date',
    request: { params: U.UnitPath, query: U.BranchProceduresQuery },
    responses: { 200: json(U.BranchProcedures), ...errors(404) },
  });
  staff({
    method: 'put',
    path: '/api/v1/branches/{id}/procedures',
    tags: ['Units'],
    summary: 'Set the procedures a branch receives from a date (admin)',
    request: { params: U.UnitPath, body: body(U.PutBranchProceduresBody) },
    responses: { 200: json(z.object({ branchId: z.string(), lists: z.array(z.object({ from: z.string(), to: z.string().optional(), procedures: z.union([z.array(z.string()), z.literal('all')]) })) })), ...errors(404, 409, 422) },
  });
  staff({
    method: 'get',
    path: '/api/v1/audit/org-events',
    tags: ['Audit'],
    summary: 'The organisation’s audit trail, oldest first (admin)',
    request: { query: U.OrgEventsQuery },
    responses: { 200: json(U.OrgEventList) },
  });
  staff({ method: 'get', path: '/api/v1/calendar/holidays', tags: ['Calendar'], description: 'A year not loaded from its official notice answers its proposal (`status: provisional`).', request: { query: S.HolidaysQuery }, responses: { 200: json(S.Holidays) } });
  staff({
    method: 'get',
    path: '/api/v1/calendar/years',
    tags: ['Calendar'],
    description: 'Every year the calendar knows, from the first loaded one to the last proposed one (two years after the current one): `official` when loaded from the notice, else `provisional` (proposed from the Labour Code and the lunar calendar).',
    responses: { 200: json(z.array(S.CalendarYearSummary)) },
  });
  staff({
    method: 'get',
    path: '/api/v1/calendar/due-date',
    tags: ['Calendar'],
    description:
      'The appointment for a dossier received at `receivedAt`: by a procedure’s rules (`procedureCode`), or plain working-day arithmetic (`workingDays`). Exactly one of the two.',
    request: { query: S.DueDateQuery },
    responses: { 200: json(S.DueDate), ...errors(404, 422) },
  });
  staff({
    method: 'post',
    path: '/api/v1/dossiers',
    tags: ['Dossiers'],
    summary: 'Receive a dossier (clerk)',
    description: 'With `onlineSubmissionId`: the online submission it receives (404 when the clerk’s units do not see it; 409 `conflict` once it was handled).',
    request: { headers: idempotency, body: body(S.ReceiveDossierBody) },
    responses: { 201: created('Received'), 200: created('A repeat of an earlier request'), ...errors(404, 409, 422) },
  });
  staff({
    method: 'post',
    path: '/api/v1/dossiers/import',
    tags: ['Dossiers'],
    summary: 'Import an in-flight dossier from the previous system (admin)',
    description: 'Deadlines, overdue state and escalations are computed from the original `receivedAt`.',
    request: { headers: idempotency, body: body(S.ImportDossierBody) },
    responses: { 201: created('Imported'), 200: created('A repeat of an earlier request'), ...errors(409, 422) },
  });
  staff({
    method: 'put',
    path: '/api/v1/calendar/years/{year}',
    tags: ['Calendar'],
    summary: 'Load a year’s days off and make-up working days (admin)',
    description:
      'The year becomes official. Newly announced days off move open dossiers’ appointments later (never earlier: a proposed day off the notice drops moves nothing), recorded as an event on each. Every date must fall in `year`.',
    request: { params: S.CalendarYearPath, body: body(S.CalendarYearBody) },
    responses: { 200: json(S.CalendarLoad) },
  });
  staff({ method: 'get', path: '/api/v1/dossiers', tags: ['Dossiers'], request: { query: S.DossierListQuery }, responses: { 200: json(S.DossierList) } });
  staff({ method: 'get', path: '/api/v1/dossiers/{code}', operationId: 'getDossier', tags: ['Dossiers'], request: { params: S.DossierPath }, responses: { 200: json(S.Dossier), ...errors(404) } });
  for (const action of S.RoutedAction.options) {
    // claim and return take no fields, approve only an optional note: their body may be left out.
    const bodyRequired = !['claim', 'return', 'approve'].includes(action);
    staff({
      method: 'post',
      path: `/api/v1/dossiers/{code}/actions/${action}`,
      operationId: `action-${action}`,
      tags: ['Actions'],
      summary: `${action}`,
      description: 'A service account (role `system`) needs the scope `dossiers:act` and an Idempotency-Key.',
      request: { params: S.DossierPath, headers: idempotency, body: body(ActionBody[action], bodyRequired) },
      responses: { 200: { ...json(S.Dossier, 'The dossier after the action'), links: dossierLinks }, ...errors(404, 409, 422) },
    });
  }
  staff({
    method: 'post',
    path: '/api/v1/dossiers/{code}/progress',
    operationId: 'reportProgress',
    tags: ['Actions'],
    summary: 'Report progress (officer, leader or system of the deciding unit)',
    description:
      'A history event (action `progress`) with the step and note; `publicNote` appears in the public lookup. While the dossier is with its authority: transferred, processing, awaiting_supplement or awaiting_approval (409 otherwise). `at` (when the work was done) is neither in the future nor before the dossier was received (400). An Idempotency-Key is required of everyone (400 without): a repeat is recorded once. A service account needs the scope `progress:write`.',
    request: { params: S.DossierPath, headers: z.object({ 'Idempotency-Key': S.IdempotencyKey.openapi({ description: 'Required: a repeat with the same key is recorded once.' }) }), body: body(ActionBody.progress) },
    responses: { 200: { ...json(S.Dossier, 'The dossier with the report in its history'), links: dossierLinks }, ...errors(404, 409) },
  });
  for (const [name, schema, what] of [
    ['reassign', B.BulkReassignBody, 'Reassign many dossiers to one officer'],
    ['release', B.BulkReleaseBody, 'Release many dossiers back to their department’s unassigned queue'],
  ] as const) {
    staff({
      method: 'post',
      path: `/api/v1/dossiers/bulk/${name}`,
      operationId: `bulk-${name}`,
      tags: ['Actions'],
      summary: `${what} (leader)`,
      description: `Each dossier gets an ordinary \`${name}\` action in its own workflow (exactly once, in its history, with its notifications); the answer has one result per dossier, in the order given: 200 when applied, otherwise that dossier's status and error (403 another department's, 404 unknown, 409 not in a status that allows it). With an Idempotency-Key a repeated request applies nothing twice.`,
      request: { headers: idempotency, body: body(schema) },
      responses: { 200: json(z.array(B.BulkResult), 'One result per dossier'), ...errors(403) },
    });
  }
  staff({ method: 'get', path: '/api/v1/tasks', tags: ['Tasks'], responses: { 200: json(z.array(S.Task)) } });
  // Supervision: JSON by default, or a download with format=csv|xlsx (or Accept: text/csv / the XLSX type).
  const download = (schema: z.ZodType, description: string) => ({
    description,
    headers: {
      'X-Next-Cursor': { description: 'JSON lists: the cursor of the next page, when there is one.', schema: { type: 'string' as const } },
      Link: { description: 'JSON lists: `<…&cursor=…>; rel="next"`, when there is a next page.', schema: { type: 'string' as const } },
    },
    content: {
      'application/json': { schema },
      'text/csv': { schema: z.string().openapi({ description: 'RFC 4180, UTF-8 with a BOM, a header row (Content-Disposition: attachment).' }) },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
    },
  });
  staff({
    method: 'get',
    path: '/api/v1/reports/overdue',
    tags: ['Supervision'],
    summary: 'Overdue dossiers, most overdue first (supervisors, admins, leaders for their department)',
    description:
      'Open dossiers whose clock runs (received, transferred, processing, awaiting_approval: not awaiting a supplement) past their appointment, by `dueAt` ascending. Keyset pages: `limit` (default 100, max 1000) and `cursor` from `X-Next-Cursor`; a CSV/XLSX download streams every row.',
    request: { query: S.RunningListQuery },
    responses: { 200: download(z.array(S.OverdueDossier), 'Overdue dossiers') },
  });
  staff({
    method: 'get',
    path: '/api/v1/reports/due-soon',
    tags: ['Supervision'],
    summary: 'Dossiers due within one working day, earliest first',
    request: { query: S.RunningListQuery },
    responses: { 200: download(z.array(S.DueSoonDossier), 'Dossiers due soon') },
  });
  staff({
    method: 'get',
    path: '/api/v1/reports/summary',
    tags: ['Supervision'],
    summary: 'Statistics for a period (domain.md §3), grouped by branch, reception point, department, procedure or month',
    description:
      'Period [from, to] in civil days (+07:00), `to` inclusive, `from` not after `to`, at most 3660 days. With groupBy=month each column counts in the month of its own event and the snapshots (carriedOver, pending…) are taken at each month’s start and end.',
    request: { query: S.SummaryQuery },
    responses: { 200: download(z.array(S.SummaryRow), 'One row per group') },
  });
  // Reception's other outcomes (Forms 02 and 03) and the printable forms (text/html, laid out for A4 or A5).
  staff({
    method: 'post',
    path: '/api/v1/reception/guidance',
    tags: ['Reception'],
    summary: 'Guidance to complete a dossier (clerk; Form 02): the missing components, no dossier code',
    request: { headers: idempotency, body: body(R.GuidanceBody) },
    responses: { 201: json(R.Guidance, 'Recorded'), 200: json(R.Guidance, 'A repeat of an earlier request'), ...errors(404, 409) },
  });
  staff({
    method: 'post',
    path: '/api/v1/reception/refusals',
    tags: ['Reception'],
    summary: 'Refusal at reception (clerk; Form 03): a reasoned refusal, national status 3',
    request: { headers: idempotency, body: body(R.RefusalBody) },
    responses: { 201: json(R.Refusal, 'Recorded'), 200: json(R.Refusal, 'A repeat of an earlier request'), ...errors(404, 409) },
  });
  const readable = 'Clerks and supervisors of the unit that recorded it (a branch also sees its reception points’), the center’s supervisors and admins; 403 for officers and leaders, 404 for other units.';
  staff({ method: 'get', path: '/api/v1/reception/guidance/{id}', tags: ['Reception'], description: readable, request: { params: R.ReceptionRecordPath }, responses: { 200: json(R.Guidance), ...errors(404) } });
  staff({ method: 'get', path: '/api/v1/reception/refusals/{id}', tags: ['Reception'], description: readable, request: { params: R.ReceptionRecordPath }, responses: { 200: json(R.Refusal), ...errors(404) } });
  const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: z.string().openapi({ description: 'UTF-8 HTML, lang="vi", @page A4' }) } } });
  const printed = [
    ['receipt', '{code}', S.DossierPath, 'Form 01: the receipt and appointment slip, with a QR code to the public lookup; the lookup PIN only on the first print'],
    ['apology', '{code}', S.DossierPath, 'Form 04: the apology with the new appointment (409 `conflict`, details.reason `no_apology`, when the dossier has none)'],
    ['process-sheet', '{code}', S.DossierPath, 'Form 06: the process-control sheet, each hand-over with its verdict'],
    ['guidance', '{id}', R.ReceptionRecordPath, 'Form 02: guidance to complete'],
    ['refusal', '{id}', R.ReceptionRecordPath, 'Form 03: refusal at reception'],
  ] as const;
  for (const [name, param, params, summary] of printed) {
    staff({ method: 'get', path: `/print/${name}/${param}`, tags: ['Print'], summary, request: { params, query: PrintQuery }, responses: { 200: htmlPage('The printable page'), ...errors(400, 404, ...(name === 'apology' ? [409] : [])) } });
  }
  open({
    method: 'get',
    path: '/api/v1/public/dossiers/{code}',
    tags: ['Public'],
    summary: 'Citizens’ status lookup by code and PIN',
    request: { params: S.PublicPath, query: S.PublicLookupQuery },
    responses: { 200: json(S.PublicDossier), ...errors(404, 429) },
  });
  // People: sign-in with a session cookie (HttpOnly, SameSite=Lax), /me, staff, assignments, delegations, the org audit trail.
  const session = registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'motcua_session',
    description: 'From POST /api/v1/auth/login. POST, PUT, PATCH and DELETE with it also need the header x-csrf-token (GET /api/v1/auth/csrf), else 403 csrf_failed.',
  });
  const either = [...security, { [session.name]: [] }];
  const person = (route: RouteConfig) => staff({ ...route, security: either });
  open({
    method: 'post',
    path: '/api/v1/auth/login',
    tags: ['Sign-in'],
    summary: 'Sign in with a username and password: a new session cookie',
    description:
      'Sets the HttpOnly, SameSite=Lax session cookie `motcua_session` (Secure over https and in production); a session ends after SESSION_IDLE_SECONDS without use and SESSION_ABSOLUTE_SECONDS after sign-in. Failed sign-ins are counted per username and per client address: from the 3rd the answers are slowed, the 5th (30th per address) locks for 15 minutes — 429 `rate_limited` with `Retry-After` and details.reason `account_locked` or `address_locked`, even for the right password.',
    request: { body: body(P.LoginBody) },
    responses: { 200: json(P.LoggedIn, 'Signed in (Set-Cookie)'), ...errors(401, 429) },
  });
  open({ method: 'get', path: '/api/v1/auth/csrf', tags: ['Sign-in'], summary: 'The CSRF token of this session', security: [{ [session.name]: [] }], responses: { 200: json(P.CsrfToken), ...errors(401) } });
  open({
    method: 'post',
    path: '/api/v1/auth/logout',
    tags: ['Sign-in'],
    summary: 'Sign out: the session is deleted and its cookie cleared',
    description: 'With a live session it needs x-csrf-token (403 csrf_failed otherwise); without one there is nothing to end, and the answer is 204 all the same.',
    responses: { 204: { description: 'Signed out' }, ...errors(403) },
  });
  // OIDC sign-in: browser redirects (302), outside /api/v1; 404 not_found when OIDC_ISSUER is not set.
  const redirect = (description: string) => ({ description, headers: { Location: { description: 'Where the browser goes next', schema: { type: 'string' as const } } } });
  open({
    method: 'get',
    path: '/auth/oidc/login',
    tags: ['Sign-in'],
    summary: 'Sign in through the OIDC provider (OIDC_ISSUER): a redirect to it',
    description:
      'Starts the authorization-code flow with PKCE (S256); state, nonce and the code verifier travel in a signed HttpOnly cookie (`motcua_oidc`, 10 minutes). 404 `not_found` when OIDC is not configured; 503 `unavailable` when the provider cannot be discovered.',
    responses: { 302: redirect('To the provider’s authorization endpoint'), ...errors(404) },
  });
  open({
    method: 'get',
    path: '/auth/oidc/callback',
    tags: ['Sign-in'],
    summary: 'Where the provider sends the browser back: a session, then a redirect to /',
    description:
      'Checks the state against the flow cookie (400 `oidc_state_mismatch`), exchanges the code and validates the ID token (401 `oidc_token_invalid`), maps the provider’s subject to a staff member (401 `oidc_unknown_subject`, audited; 401 `oidc_account_inactive`) and sets the same session cookie as POST /api/v1/auth/login. A refusal at the provider (`error=access_denied`) is 401 `oidc_provider_error`. 404 `not_found` when OIDC is not configured.',
    request: { query: P.OidcCallbackQuery },
    responses: { 302: redirect('Signed in (Set-Cookie): to /'), ...errors(401, 404) },
  });
  person({ method: 'get', path: '/api/v1/me', tags: ['Sign-in'], summary: 'Who I am, my assignments, whom I may act for, and what I act as', responses: { 200: json(P.Me) } });
  person({
    method: 'post',
    path: '/api/v1/me/active',
    tags: ['Sign-in'],
    summary: 'Act in another of my assignments, or for an absent colleague under their delegation (`onBehalfOf`)',
    description: 'Refused (403, details.reason `not_in_force`) unless the assignment (and the delegation) is in force today; every request re-checks it, so one that ends later answers 403 from then on.',
    request: { body: body(P.ActiveAssignment) },
    responses: { 200: json(P.Me) },
  });
  person({
    method: 'post',
    path: '/api/v1/me/password',
    tags: ['Sign-in'],
    summary: 'Change my password (session only); every other session of mine ends',
    request: { body: body(P.PasswordChangeBody) },
    responses: { 204: { description: 'Changed' }, ...errors(422) },
  });
  person({ method: 'get', path: '/api/v1/staff', tags: ['Staff'], summary: 'Staff (admins and the center’s supervisors: everyone; a branch supervisor: the branch’s; a leader: their unit’s people today)', responses: { 200: json(z.array(P.Staff)) } });
  person({ method: 'post', path: '/api/v1/staff', tags: ['Staff'], summary: 'Create a staff member (admin)', request: { body: body(P.StaffCreateBody) }, responses: { 201: json(P.Staff, 'Created'), ...errors(409, 422) } });
  person({ method: 'get', path: '/api/v1/staff/{id}', tags: ['Staff'], summary: 'A staff member with assignments and delegations (self, admins, supervisors and leaders in scope)', request: { params: P.StaffPath }, responses: { 200: json(P.Staff), ...errors(404) } });
  person({ method: 'patch', path: '/api/v1/staff/{id}', tags: ['Staff'], summary: 'Change a staff member’s name, email, active flag or OIDC subject (admin)', request: { params: P.StaffPath, body: body(P.StaffPatchBody) }, responses: { 200: json(P.Staff), ...errors(404, 409) } });
  const assigning =
    'Admins assign anyone anywhere; a branch supervisor only the branch’s own staff to the branch and its reception points (403 otherwise). The unit must be open on `from` (400), and the role fit its kind (422 `role_not_in_unit`).';
  person({
    method: 'post',
    path: '/api/v1/staff/{id}/assignments',
    tags: ['Staff'],
    summary: 'Give a staff member an assignment: role × unit × home/seconded/acting × dates',
    description: assigning,
    request: { params: P.StaffPath, body: body(P.AssignmentBody) },
    responses: { 201: json(P.AssignmentView, 'Assigned'), ...errors(404, 422) },
  });
  person({
    method: 'patch',
    path: '/api/v1/staff/{id}/assignments/{assignmentId}',
    tags: ['Staff'],
    summary: 'End an assignment on a day (a day before its start removes it)',
    description: assigning,
    request: { params: P.AssignmentPath, body: body(P.AssignmentEndBody) },
    responses: { 200: json(P.AssignmentView), ...errors(404, 422) },
  });
  person({
    method: 'post',
    path: '/api/v1/staff/{id}/delegations',
    tags: ['Staff'],
    summary: 'Delegate while away: `to` may act for this person from `from` to `until` (the person themself, or an admin)',
    description: 'The delegate chooses it with POST /api/v1/me/active `{ role, unitId, onBehalfOf }`; every dossier event then records the actor and `onBehalfOf`.',
    request: { params: P.StaffPath, body: body(P.DelegationBody) },
    responses: { 201: json(P.DelegationView, 'Delegated'), ...errors(404) },
  });

  // Integrations (issue 12): webhooks (admin), their deliveries, and the event feed.
  const signed =
    'Each delivery is a POST with `webhook-id`, `webhook-timestamp` and `webhook-signature` (Standard Webhooks v1: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per live secret) and the body `{ type, timestamp, data }`; retried with backoff for at least three days, in `seq` order per dossier; a 410 disables the endpoint.';
  staff({ method: 'post', path: '/api/v1/webhooks', tags: ['Integrations'], summary: 'Subscribe an endpoint (admin); the secret is shown once', description: signed, request: { body: body(I.CreateWebhookBody) }, responses: { 201: json(I.WebhookWithSecret, 'Created'), ...errors(422) } });
  staff({ method: 'get', path: '/api/v1/webhooks', tags: ['Integrations'], summary: 'The endpoints (admin)', responses: { 200: json(z.array(I.Webhook)) } });
  staff({ method: 'get', path: '/api/v1/webhooks/{id}', tags: ['Integrations'], request: { params: I.WebhookPath }, responses: { 200: json(I.Webhook), ...errors(404) } });
  staff({ method: 'patch', path: '/api/v1/webhooks/{id}', tags: ['Integrations'], summary: 'Change the address, the event types, or enable/pause', request: { params: I.WebhookPath, body: body(I.UpdateWebhookBody) }, responses: { 200: json(I.Webhook), ...errors(404, 422) } });
  staff({ method: 'delete', path: '/api/v1/webhooks/{id}', tags: ['Integrations'], request: { params: I.WebhookPath }, responses: { 204: { description: 'Deleted: nothing more is delivered' }, ...errors(404) } });
  staff({
    method: 'post',
    path: '/api/v1/webhooks/{id}/rotate-secret',
    tags: ['Integrations'],
    summary: 'A new secret (shown once); the old one still signs beside it for `graceHours` (default 24)',
    request: { params: I.WebhookPath, body: body(I.RotateSecretBody, false) },
    responses: { 200: json(I.WebhookWithSecret), ...errors(404) },
  });
  staff({ method: 'get', path: '/api/v1/webhooks/{id}/deliveries', tags: ['Integrations'], summary: 'Deliveries, newest first, each with every attempt (request, response code, time)', request: { params: I.WebhookPath, query: I.DeliveriesQuery }, responses: { 200: json(z.array(I.Delivery)), ...errors(404) } });
  staff({
    method: 'post',
    path: '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
    tags: ['Integrations'],
    summary: 'Send a delivery again (same webhook-id)',
    request: { params: I.DeliveryPath },
    responses: { 202: json(I.Delivery, 'Queued'), ...errors(404, 409) },
  });
  staff({
    method: 'get',
    path: '/api/v1/events',
    tags: ['Integrations'],
    summary: 'The event feed: the webhooks’ events in commit order, for the dossiers the caller sees',
    description: 'Keep `nextCursor` and ask again with `after`: no event is skipped or repeated.',
    request: { query: I.EventsQuery },
    responses: { 200: json(I.EventPage) },
  });

  // Service accounts for department and ward systems (issue 12): admins manage them; the systems get tokens.
  staff({
    method: 'post',
    path: '/api/v1/service-accounts',
    tags: ['Service accounts'],
    summary: 'Create a service account for a department’s or ward’s system (admin): its client secret, shown once',
    request: { body: body(SA.ServiceAccountCreateBody) },
    responses: { 201: json(SA.ServiceAccountWithSecret, 'Created'), ...errors(422) },
  });
  staff({ method: 'get', path: '/api/v1/service-accounts', tags: ['Service accounts'], summary: 'Service accounts (admin)', responses: { 200: json(z.array(SA.ServiceAccountView)) } });
  staff({ method: 'get', path: '/api/v1/service-accounts/{id}', tags: ['Service accounts'], summary: 'A service account (admin)', request: { params: SA.ServiceAccountPath }, responses: { 200: json(SA.ServiceAccountView), ...errors(404) } });
  staff({
    method: 'patch',
    path: '/api/v1/service-accounts/{id}',
    tags: ['Service accounts'],
    summary: 'Rename, change the scopes of, disable or enable a service account (admin)',
    description: 'Disabling stops its tokens from the next request; a scope removed is refused from the next request too.',
    request: { params: SA.ServiceAccountPath, body: body(SA.ServiceAccountPatchBody) },
    responses: { 200: json(SA.ServiceAccountView), ...errors(404) },
  });
  staff({
    method: 'post',
    path: '/api/v1/service-accounts/{id}/rotate-secret',
    tags: ['Service accounts'],
    summary: 'A new client secret (admin): the old one, and every token issued under it, stop at once',
    request: { params: SA.ServiceAccountPath },
    responses: { 200: json(SA.ServiceAccountWithSecret, 'The new secret, shown once'), ...errors(404) },
  });
  const clientBasic = registry.registerComponent('securitySchemes', 'clientBasic', { type: 'http', scheme: 'basic', description: 'client_id:client_secret (each form-encoded), RFC 6749 §2.3.1' });
  open({
    method: 'post',
    path: '/api/v1/auth/token',
    tags: ['Service accounts'],
    summary: 'A bearer token for a service account (OAuth 2.0 client credentials)',
    description:
      'grant_type=client_credentials, with client_id and client_secret in the body (JSON or a form) or HTTP Basic. The token (role `system`, sub `svc:<id>`, the account’s unit) lasts 15 minutes. 401 `unauthenticated` (details.reason invalid_client, or account_disabled); wrong secrets are throttled like sign-ins: 429 `rate_limited` (details.reason client_locked or address_locked, Retry-After). 400 details.reason unsupported_grant_type or invalid_scope.',
    security: [{ [clientBasic.name]: [] }, {}],
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: SA.TokenRequestBody }, 'application/x-www-form-urlencoded': { schema: SA.TokenRequestBody } },
      },
    },
    responses: { 200: { ...json(SA.TokenAnswer, 'A token'), headers: { 'Cache-Control': { description: 'no-store', schema: { type: 'string' as const } } } }, ...errors(401, 429) },
  });

  // The national portal: the dated mapping of statuses to national codes, and the online submissions.
  staff({
    method: 'get',
    path: '/api/v1/national-status-mappings',
    tags: ['National portal'],
    summary: 'The national code (TrangThaiHoSo) of each status on a date',
    request: { query: N.MappingQuery },
    responses: { 200: json(z.array(N.MappingEntry)) },
  });
  staff({
    method: 'get',
    path: '/api/v1/national-status-mappings/{status}',
    tags: ['National portal'],
    summary: 'Every dated row of one status’s national code',
    request: { params: N.MappingPath },
    responses: { 200: json(N.MappingHistory), ...errors(404) },
  });
  staff({
    method: 'put',
    path: '/api/v1/national-status-mappings/{status}',
    tags: ['National portal'],
    summary: 'A new national code from a date (admin; in the audit trail)',
    description:
      'A new row from `validFrom`, which ends the row in force then the day before (and ends itself the day before a row planned after it); rows of days already lived are never rewritten: 409 `conflict` with details.reason `in_the_past` before today (Asia/Ho_Chi_Minh). A row’s own day amends it.',
    request: { params: N.MappingPath, body: body(N.MappingChangeBody) },
    responses: { 200: json(N.MappingHistory), ...errors(404, 409) },
  });
  staff({
    method: 'post',
    path: '/api/v1/online-submissions',
    tags: ['National portal'],
    summary: 'A dossier submitted on the national portal (role system): it waits in its unit’s queue, national status 1',
    description: 'The portal’s `reference` makes a repeat harmless (200 with what was recorded); another request with the reference of a live submission is 409 `conflict` (details.reason `reference_taken`).',
    request: { body: body(N.SubmissionBody) },
    responses: { 201: json(N.Submission, 'Recorded'), 200: json(N.Submission, 'A repeat of an earlier push'), ...errors(409) },
  });
  staff({
    method: 'get',
    path: '/api/v1/online-submissions',
    tags: ['National portal'],
    summary: 'Online submissions of the caller’s units (clerks, supervisors, admins), oldest first',
    request: { query: N.SubmissionListQuery },
    responses: { 200: json(z.array(N.Submission)) },
  });
  staff({
    method: 'get',
    path: '/api/v1/online-submissions/{id}',
    tags: ['National portal'],
    request: { params: N.SubmissionPath },
    responses: { 200: json(N.Submission), ...errors(404) },
  });

  open({ method: 'get', path: '/api/v1/openapi.json', tags: ['Operations'], summary: 'This document', responses: { 200: json(z.object({ openapi: z.string() })) } });
  open({ method: 'get', path: '/healthz', tags: ['Operations'], responses: { 200: json(z.object({ status: z.string() })) } });
  open({
    method: 'get',
    path: '/readyz',
    tags: ['Operations'],
    description: 'Ready (200) with `warnings` while the current or next year’s calendar is provisional.',
    responses: { 200: json(S.Readiness), 503: json(S.Readiness, 'Not ready') },
  });
  open({ method: 'get', path: '/metrics', tags: ['Operations'], responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } } } });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Motcua API',
      version: '1.0.0',
      description:
        'One-stop dossier processing for public administration service centers. Instants are rendered in Asia/Ho_Chi_Minh (+07:00). Errors are `{ code, message, details? }`; a method a path does not list answers 405 with `Allow`.',
    },
    servers: [{ url: '/' }],
  });
}

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid_request: the request breaks this document (details: the issues), or holds a control character; details.reason idempotency_key_required: a service account’s POST, or a progress report, without an Idempotency-Key; details.reason headers_too_large (with limitBytes): the request line and headers, a long query string included, over the limit',
  401: 'unauthenticated (details.reason: bad_credentials at sign-in; invalid_session or session_expired for a session cookie; for a token: missing_token, malformed_header, malformed_token, algorithm_not_allowed, bad_signature, expired, not_yet_valid, issued_in_future, missing_claims, unknown_claims, invalid_claims, unknown_unit, role_not_in_unit; for a service account’s token: not_a_service_account, account_unknown, account_disabled, secret_rotated; at POST /api/v1/auth/token: invalid_client, account_disabled)',
  403: 'forbidden (details.reason not_in_force: the session’s active assignment is not in force today; missing_scope with details.scope: a service account without the scope this needs), or csrf_failed: a session’s POST/PUT/PATCH/DELETE without its x-csrf-token',
  404: 'not_found',
  409: 'invalid_transition or conflict; at reception not_offered_here (the branch does not receive that procedure that day) or unit_not_operating (the unit or its branch does not exist that day); for fees: fee_not_due, fee_already_paid, fee_unpaid (the return waits for a fee collected at return)',
  413: 'payload_too_large',
  415: 'unsupported_media_type: the body must be application/json',
  422: 'incomplete_dossier (details.missingDocuments: the codes; details.missing: each with code, name, requirement and condition), or, at reception, not_conditional_component (details.notConditional: codes in conditionalApplies that are no conditional component of the procedure), or fee_mismatch (the amount is not the catalogue’s; a varying fee needs a note), or invalid_appointment (an apology’s new appointment must be a working instant after now and after the appointment), or calendar_year_unknown (details: year, knownYears): a date outside the years the calendar knows, or unit_rule_violation (details.rule) for a change to units, or role_not_in_unit (an assignment whose role the unit’s kind cannot hold), or weak_password (details.problems: too_short, is_username, too_common)',
  429: 'rate_limited (details.reason: account_locked, client_locked or address_locked with retryAfterSeconds and Retry-After: too many failed sign-ins; address_limited, or code_locked with retryAfterSeconds and a Retry-After header: too many wrong PINs for that code)',
  503: 'unavailable: nothing was changed',
};
