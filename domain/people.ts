import { z } from 'zod';
import type { UnitKind } from './catalogue';
import { CENTER_UNIT_ID, roleFitsUnit, type Actor, type Role } from './roles';

/**
 * People (issue 10): who holds which role where and when, who may deploy whom, delegation, and the password
 * rules. Dates are civil dates (YYYY-MM-DD, Asia/Ho_Chi_Minh) with both ends inclusive; comparing them as
 * strings is comparing them as dates.
 */

/** home: the person's own unit; seconded: sent from their home unit (a department's officer at a branch); acting: standing in. */
export const AssignmentKind = z.enum(['home', 'seconded', 'acting']);
export type AssignmentKind = z.infer<typeof AssignmentKind>;

export interface DatedRange {
  from: string;
  /** Last day in force (inclusive); open-ended when absent. */
  to?: string | null;
}

/** In force on `date`: from its first day to its last, both included. */
export function inForce(range: DatedRange, date: string): boolean {
  return range.from <= date && (range.to === null || range.to === undefined || date <= range.to);
}

export interface UnitFacts {
  id: string;
  kind: UnitKind;
  parentId: string | null;
}

export type AssignmentRefusal =
  | { code: 'forbidden'; message: string }
  | { code: 'role_not_in_unit'; message: string }
  | { code: 'invalid_request'; message: string };

/**
 * Whether `actor` may give `staffUnits`' holder an assignment of `role` in `unit` (issue 10, item 3):
 * admins anyone anywhere; a branch supervisor (the branch director) only the branch's own staff (someone
 * with an assignment in force at the branch or one of its reception points) to the branch itself or one of
 * its reception points; nobody else. The role must fit the unit's kind (`roleFitsUnit`) and the dates run
 * forward.
 */
export function judgeAssignment(
  actor: Actor,
  target: { role: Role; unit: UnitFacts; from: string; to?: string | null },
  staffUnitsInForce: readonly UnitFacts[],
): AssignmentRefusal | null {
  if (target.to && target.to < target.from) return { code: 'invalid_request', message: 'An assignment cannot end before it starts.' };
  if (target.role === 'system') return { code: 'invalid_request', message: 'The system role is for machine clients’ tokens, not people.' };
  if (actor.role !== 'admin') {
    if (actor.role !== 'supervisor' || actor.unitId === CENTER_UNIT_ID) return { code: 'forbidden', message: 'Only an admin or the branch’s supervisor assigns staff.' };
    const branch = actor.unitId;
    const inBranch = (u: UnitFacts) => u.id === branch || (u.kind === 'reception_point' && u.parentId === branch);
    if (!inBranch(target.unit)) return { code: 'forbidden', message: `A branch supervisor assigns staff only to ${branch} and its reception points.` };
    if (!staffUnitsInForce.some(inBranch)) return { code: 'forbidden', message: `This person is not on the staff of ${branch}.` };
    if (target.role === 'supervisor' || target.role === 'admin') return { code: 'forbidden', message: `A branch supervisor does not appoint ${target.role}s.` };
  }
  if (!roleFitsUnit(target.role, target.unit.kind)) return { code: 'role_not_in_unit', message: `A ${target.unit.kind} has no ${target.role}.` };
  return null;
}

/** Passwords (issue 10, item 1): at least 12 characters, not the username, not a common password. */
export const MIN_PASSWORD_LENGTH = 12;

/** A few of the most used passwords of 12 characters or more (and Vietnamese favourites); a blunt guard, not a dictionary. */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123123123123',
  '111111111111',
  '000000000000',
  'qwertyuiop12',
  'qwertyuiopas',
  'qwerty123456',
  '1q2w3e4r5t6y',
  'password1234',
  'password12345',
  'passwordpassword',
  'iloveyou1234',
  'abc123456789',
  'abcdefghijkl',
  'administrator',
  'admin1234567',
  'welcome12345',
  'letmein12345',
  'matkhau12345',
  'matkhau123456',
  'anhyeuem1234',
  'motcua123456',
  'hanoi1234567',
  'vietnam12345',
]);

export type PasswordProblem = 'too_short' | 'is_username' | 'too_common';

/** What is wrong with a new password, if anything. */
export function passwordProblems(username: string, password: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push('too_short');
  const lower = password.toLowerCase();
  if (lower.includes(username.toLowerCase())) problems.push('is_username');
  if (COMMON_PASSWORDS.has(lower)) problems.push('too_common');
  return problems;
}

/** Throttling of failed sign-ins, per username and per client address (issue 10, item 1). */
export interface ThrottlePolicy {
  /** Failures after which answers are slowed (each further one waits longer). */
  slowAfter: number;
  /** Failures after which the key is locked. */
  lockAfter: number;
  /** How long a lock lasts. */
  lockMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** The slowing step and its cap. */
  delayStepMs: number;
  maxDelayMs: number;
}

export const USER_THROTTLE: ThrottlePolicy = { slowAfter: 3, lockAfter: 5, lockMs: 15 * 60_000, windowMs: 15 * 60_000, delayStepMs: 250, maxDelayMs: 2_000 };
export const ADDRESS_THROTTLE: ThrottlePolicy = { slowAfter: 10, lockAfter: 30, lockMs: 15 * 60_000, windowMs: 15 * 60_000, delayStepMs: 250, maxDelayMs: 2_000 };

/** How long to hold an answer back after `failures` recent failures. */
export function throttleDelayMs(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.slowAfter) return 0;
  return Math.min(policy.maxDelayMs, (failures - policy.slowAfter + 1) * policy.delayStepMs);
}

/** The failures that still count at `now`: those of a run whose last one is within the policy's window. */
export function recentFailures(policy: ThrottlePolicy, previous: { failures: number; lastFailureAt: Date } | undefined, now: Date): number {
  return previous && now.getTime() - previous.lastFailureAt.getTime() <= policy.windowMs ? previous.failures : 0;
}

/** The failure count after one more failure at `now`, and whether it locks. */
export function afterFailure(policy: ThrottlePolicy, previous: { failures: number; lastFailureAt: Date } | undefined, now: Date): { failures: number; lockedUntil: Date | null } {
  const failures = recentFailures(policy, previous, now) + 1;
  return { failures, lockedUntil: failures >= policy.lockAfter ? new Date(now.getTime() + policy.lockMs) : null };
}

/**
 * A person's OIDC identity as staff.oidc_subject keeps it: `<issuer>|<sub>`. A subject is unique only within
 * its issuer (OIDC Core §2), so the issuer is part of the key; one column (already unique) keeps the lookup
 * a single indexed equality and needs no migration. The issuer is written without a trailing slash, so
 * `https://id.example/` and `https://id.example` name the same provider.
 */
export function oidcSubjectKey(issuer: string, subject: string): string {
  return `${issuer.replace(/\/+$/, '')}|${subject}`;
}

/** The issuer and subject of a stored key (issuers never contain `|`: config/env.ts refuses one). */
export function parseOidcSubjectKey(key: string): { issuer: string; subject: string } | null {
  const bar = key.indexOf('|');
  return bar > 0 ? { issuer: key.slice(0, bar), subject: key.slice(bar + 1) } : null;
}
