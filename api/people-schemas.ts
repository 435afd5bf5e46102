import { z } from 'zod';
import { AssignmentKind } from '../domain/people';
import { Role } from '../domain/roles';
import { CivilDate, Identifier, line, text } from '../domain/text';
import { Applicant } from './schemas'; // also extends zod with .openapi()

/** The API's one pattern for an email address (api/schemas.ts, the applicant's). */
const Email = Applicant.shape.email.unwrap();

/** People, sign-in and the organisation's audit trail (issue 10): bodies and answers; the OpenAPI document shows them. */

/** Usernames: lower-case letters, digits and . _ - (2 to 64), starting with a letter or digit. */
export const Username = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lower-case letters, digits and . _ - (2 to 64)');
/** A password as typed: any characters but control ones, at most 256 (long enough for a passphrase, short enough for argon2). */
const Password = z.string().min(1).max(256).regex(/^[^\x00-\x1f\x7f]*$/, 'no control character'); // eslint-disable-line no-control-regex

export const LoginBody = z.object({ username: z.string().min(1).max(200), password: Password }).strict().openapi('LoginRequest');
export const PasswordChangeBody = z.object({ currentPassword: Password, newPassword: Password }).strict().openapi('PasswordChange');

export const ActiveAssignment = z
  .object({ role: Role, unitId: Identifier, onBehalfOf: Identifier.optional().openapi({ description: 'Act for this absent colleague, under their delegation to you in force today' }) })
  .strict()
  .openapi('ActiveAssignment');

export const AssignmentView = z
  .object({ id: z.number().int(), role: Role, unitId: z.string(), kind: AssignmentKind, from: z.string(), to: z.string().optional(), assignedBy: z.string(), reason: z.string() })
  .openapi('Assignment');
export const DelegationView = z
  .object({ id: z.number().int(), from: z.string(), until: z.string(), fromStaffId: z.string(), toStaffId: z.string(), reason: z.string(), createdBy: z.string() })
  .openapi('Delegation');

export const Me = z
  .object({
    sub: z.string(),
    name: z.string().optional(),
    username: z.string().optional(),
    assignments: z.array(AssignmentView).openapi({ description: 'In force today or later (a bearer token has none: it is its own assignment)' }),
    actingFor: z
      .array(z.object({ staffId: z.string(), name: z.string(), from: z.string(), until: z.string(), assignments: z.array(AssignmentView) }))
      .openapi({ description: 'Colleagues whose delegation to you is in force today, with their assignments in force: choose one with onBehalfOf' }),
    active: z.object({ role: Role, unitId: z.string(), onBehalfOf: z.string().optional() }).nullable().openapi({ description: 'What you act as now; null when no assignment is in force' }),
  })
  .openapi('Me');
export const LoggedIn = Me.extend({ csrfToken: z.string().openapi({ description: 'Send it as x-csrf-token with every POST/PUT/PATCH/DELETE of this session' }) }).openapi('LoggedIn');
export const CsrfToken = z.object({ csrfToken: z.string() }).openapi('CsrfToken');

export const StaffPath = z.object({ id: Identifier });
export const AssignmentPath = z.object({ id: Identifier, assignmentId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const StaffCreateBody = z
  .object({
    username: Username,
    name: line(200),
    email: Email.optional(),
    password: Password.optional().openapi({ description: 'At least 12 characters, not containing the username, not a common password; without it the person signs in through OIDC only' }),
  })
  .strict()
  .openapi('StaffCreate');
/** An OIDC subject (`sub`): printable ASCII; OIDC Core §2 allows 255, 200 leaves room for the issuer in staff.oidc_subject. */
const OidcSubject = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'printable ASCII, 1 to 200 characters');

export const StaffPatchBody = z
  .object({
    name: line(200).optional(),
    email: Email.nullable().optional(),
    active: z.boolean().optional().openapi({ description: 'false signs the person out everywhere and refuses every sign-in' }),
    oidcSubject: OidcSubject.nullable()
      .optional()
      .openapi({ description: 'The `sub` the OIDC provider (OIDC_ISSUER) gives this person: they then sign in through it. null unlinks. 409 `conflict` when another person has it, or when OIDC is not configured' }),
  })
  .strict()
  .openapi('StaffPatch');

export const Staff = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    email: z.string().optional(),
    active: z.boolean(),
    oidcSubject: z.string().optional().openapi({ description: 'The OIDC subject this person signs in as, if linked' }),
    oidcIssuer: z.string().optional().openapi({ description: 'The issuer of that subject' }),
    assignments: z.array(AssignmentView),
    delegations: z.array(DelegationView).optional(),
  })
  .openapi('Staff');

export const AssignmentBody = z
  .object({ role: Role, unitId: Identifier, kind: AssignmentKind, from: CivilDate, to: CivilDate.optional().openapi({ description: 'Last day (inclusive); open-ended when absent' }), reason: text(1000) })
  .strict()
  .openapi('AssignmentRequest');
export const AssignmentEndBody = z
  .object({ to: CivilDate.meta({ description: 'The new last day (inclusive); a day before `from` removes it' }), reason: text(1000) })
  .strict()
  .openapi('AssignmentEnd');
export const DelegationBody = z
  .object({ to: Identifier.meta({ description: 'The delegate’s staff id' }), from: CivilDate, until: CivilDate.meta({ description: 'Last day (inclusive)' }), reason: text(1000) })
  .strict()
  .openapi('DelegationRequest');


/** GET /auth/oidc/callback: what the provider sends the browser back with (RFC 6749 §4.1.2, RFC 9207's iss). */
const callbackParam = (max: number) => z.string().max(max).regex(/^[^\x00-\x1f\x7f]*$/, 'no control character'); // eslint-disable-line no-control-regex
export const OidcCallbackQuery = z.object({
  code: callbackParam(2048).optional(),
  state: callbackParam(512).optional(),
  iss: callbackParam(2048).optional(),
  error: callbackParam(256).optional(),
  error_description: callbackParam(2048).optional(),
});
