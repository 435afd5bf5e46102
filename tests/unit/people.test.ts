import { shouldSeedDemo } from '../../db/seeds/demo-staff';
import { oidcConfig, readEnv } from '../../config/env';
import { afterFailure, inForce, judgeAssignment, oidcSubjectKey, parseOidcSubjectKey, passwordProblems, throttleDelayMs, USER_THROTTLE, type UnitFacts } from '../../domain/people';
import type { Actor } from '../../domain/roles';

const branch: UnitFacts = { id: 'branch-a', kind: 'branch', parentId: 'center' };
const point: UnitFacts = { id: 'rp-a1', kind: 'reception_point', parentId: 'branch-a' };
const foreignPoint: UnitFacts = { id: 'rp-b1', kind: 'reception_point', parentId: 'branch-b' };
const dept: UnitFacts = { id: 'dept-x', kind: 'department', parentId: null };
const director: Actor = { sub: 'd', role: 'supervisor', unitId: 'branch-a' };
const admin: Actor = { sub: 'a', role: 'admin', unitId: 'center' };

describe('assignments in force', () => {
  it.each([
    [{ from: '2026-12-02' }, '2026-12-01', false],
    [{ from: '2026-12-02' }, '2026-12-02', true],
    [{ from: '2026-12-02', to: '2026-12-02' }, '2026-12-02', true],
    [{ from: '2026-12-02', to: '2026-12-02' }, '2026-12-03', false],
    [{ from: '2026-01-01', to: null }, '2099-12-31', true],
  ])('%j on %s: %s', (range, date, expected) => {
    expect(inForce(range, date)).toBe(expected);
  });
});

describe('who assigns whom where', () => {
  const at = (role: Actor['role'], unit: UnitFacts) => ({ role, unit, from: '2026-12-02' });
  it('lets an admin assign anyone anywhere a role fits', () => {
    expect(judgeAssignment(admin, at('clerk', foreignPoint), [])).toBeNull();
    expect(judgeAssignment(admin, at('officer', point), [])).toMatchObject({ code: 'role_not_in_unit' });
    expect(judgeAssignment(admin, at('system', dept), [])).toMatchObject({ code: 'invalid_request' }); // machines only
  });
  it('lets a branch director deploy the branch’s staff to the branch and its points only', () => {
    expect(judgeAssignment(director, at('clerk', point), [branch])).toBeNull();
    expect(judgeAssignment(director, at('clerk', branch), [point])).toBeNull();
    expect(judgeAssignment(director, at('clerk', foreignPoint), [branch])).toMatchObject({ code: 'forbidden' });
    expect(judgeAssignment(director, at('clerk', point), [{ ...branch, id: 'branch-b' }])).toMatchObject({ code: 'forbidden' });
    expect(judgeAssignment(director, at('supervisor', branch), [branch])).toMatchObject({ code: 'forbidden' });
    expect(judgeAssignment(director, at('officer', point), [branch])).toMatchObject({ code: 'role_not_in_unit' });
  });
  it('refuses everyone else, the center’s supervisors included, and dates running backwards', () => {
    for (const actor of [
      { sub: 's', role: 'supervisor', unitId: 'center' },
      { sub: 'c', role: 'clerk', unitId: 'branch-a' },
      { sub: 'l', role: 'leader', unitId: 'dept-x' },
    ] as Actor[]) {
      expect(judgeAssignment(actor, at('clerk', point), [branch])).toMatchObject({ code: 'forbidden' });
    }
    expect(judgeAssignment(admin, { role: 'officer', unit: dept, from: '2026-12-02', to: '2026-12-01' }, [])).toMatchObject({ code: 'invalid_request' });
  });
});

describe('password rules', () => {
  it.each([
    ['short', ['too_short']],
    ['nguyen.lan-2026!', ['is_username']],
    ['Password1234', ['too_common']],
    ['a long and unusual passphrase', []],
  ])('%s → %j', (password, problems) => {
    expect(passwordProblems('nguyen.lan', password)).toEqual(problems);
  });
});

describe('throttling failed sign-ins', () => {
  const t0 = new Date('2026-12-02T03:00:00Z');
  it('slows from the third failure and locks at the fifth, forgetting failures older than the window', () => {
    let state: { failures: number; lastFailureAt: Date } | undefined;
    const locks: (Date | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const next = afterFailure(USER_THROTTLE, state, t0);
      locks.push(next.lockedUntil);
      state = { failures: next.failures, lastFailureAt: t0 };
    }
    expect(locks.slice(0, 4)).toEqual([null, null, null, null]);
    expect(locks[4]).toEqual(new Date(t0.getTime() + 15 * 60_000));
    expect([1, 2, 3, 4].map((n) => throttleDelayMs(USER_THROTTLE, n))).toEqual([0, 0, 250, 500]);
    expect(afterFailure(USER_THROTTLE, { failures: 4, lastFailureAt: t0 }, new Date(t0.getTime() + 16 * 60_000))).toEqual({ failures: 1, lockedUntil: null });
  });
});

describe('demo accounts', () => {
  it.each([
    [{}, 0, true],
    [{ DEMO_SEED: 'false' }, 0, false],
    [{ NODE_ENV: 'production' }, 0, false],
    [{}, 3, false],
  ])('%j with %i staff: %s', (env, count, expected) => {
    expect(shouldSeedDemo(env, count)).toBe(expected);
  });
});

describe('OIDC settings and subject keys', () => {
  const base = { DATABASE_URL: 'postgres://x', PORT: '3100' };
  it('keys a subject by its issuer, with or without the issuer’s trailing slash, and reads it back', () => {
    expect(oidcSubjectKey('https://id.example.vn/realms/hn/', 'a|b')).toBe('https://id.example.vn/realms/hn|a|b');
    expect(oidcSubjectKey('https://id.example.vn/realms/hn', 'a|b')).toBe('https://id.example.vn/realms/hn|a|b');
    expect(parseOidcSubjectKey('https://id.example.vn/realms/hn|a|b')).toEqual({ issuer: 'https://id.example.vn/realms/hn', subject: 'a|b' });
    expect(parseOidcSubjectKey('no-issuer')).toBeNull();
  });

  it('is off without OIDC_ISSUER; derives the redirect URL from PUBLIC_URL (else the port); wants the client id and secret', () => {
    expect(oidcConfig(readEnv(base))).toBeUndefined();
    const oidc = { ...base, OIDC_ISSUER: 'https://id.example.vn', OIDC_CLIENT_ID: 'motcua', OIDC_CLIENT_SECRET: 's3cret' };
    expect(oidcConfig(readEnv(oidc))?.redirectUrl).toBe('http://localhost:3100/auth/oidc/callback');
    expect(oidcConfig(readEnv({ ...oidc, PUBLIC_URL: 'https://motcua.example.vn/' }))?.redirectUrl).toBe('https://motcua.example.vn/auth/oidc/callback');
    expect(oidcConfig(readEnv({ ...oidc, OIDC_REDIRECT_URL: 'https://a.example/cb' }))?.redirectUrl).toBe('https://a.example/cb');
    expect(() => oidcConfig(readEnv({ ...oidc, OIDC_CLIENT_SECRET: undefined }))).toThrow(/OIDC_CLIENT_SECRET/);
  });
});
