import { units as seedUnits } from '../../db/seeds/catalogue-data';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  token = await h.token('clerk', 'branch-tay-ho');
});
afterAll(() => h?.close());

const get = (path: string, query: Record<string, string> = {}) => h.api.get(path).query(query).auth(token, { type: 'bearer' });

describe('catalogue', () => {
  it('lists the 12 branches with their reception points', async () => {
    const { body } = await get('/api/v1/branches').expect(200);
    const branches = body.filter((b: { kind: string }) => b.kind === 'branch');
    // The seed's twelve (the test services' database also holds the branches other test files create).
    const seeded = seedUnits.filter((u) => u.kind === 'branch').map((u) => u.id);
    expect(seeded).toHaveLength(12);
    expect(branches.map((b: { id: string }) => b.id)).toEqual(expect.arrayContaining(seeded));
    const points = body.filter((b: { kind: string }) => b.kind === 'reception_point');
    expect(points.length).toBeGreaterThanOrEqual(12);
    const ids = new Set(branches.map((b: { id: string }) => b.id));
    for (const p of points) expect(ids.has(p.parentId)).toBe(true);
  });

  it('lists competent authorities and at least 20 procedures with their statutory times and documents', async () => {
    const departments = (await get('/api/v1/departments').expect(200)).body as { id: string }[];
    expect(departments.filter((d) => d.id.startsWith('dept-')).length).toBeGreaterThanOrEqual(8);
    const procedures = (await get('/api/v1/procedures').expect(200)).body as {
      departmentId: string | null;
      authorityLevel: string;
      requiredDocuments: unknown[];
      legalBasis: string;
    }[];
    expect(procedures.length).toBeGreaterThanOrEqual(20);
    const deptIds = new Set(departments.map((d) => d.id));
    for (const p of procedures) {
      expect(p.requiredDocuments.length).toBeGreaterThan(0);
      expect(p.legalBasis.length).toBeGreaterThan(0);
      if (p.authorityLevel === 'city') expect(deptIds.has(p.departmentId!)).toBe(true);
      else expect(p.departmentId).toBeNull();
    }
  });
});

describe('calendar', () => {
  it('gives the official days off and make-up days of 2026', async () => {
    const { body } = await get('/api/v1/calendar/holidays', { year: '2026' }).expect(200);
    expect(body.holidays.map((d: { date: string }) => d.date)).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-02-16', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02']),
    );
    expect(body.makeUpWorkingDays).toEqual(['2026-08-22']);
    const y2025 = await get('/api/v1/calendar/holidays', { year: '2025' }).expect(200);
    expect(y2025.body.makeUpWorkingDays).toEqual(['2025-04-26']);
    await get('/api/v1/calendar/holidays', { year: 'soon' }).expect(400);
  });

  // Expected appointments worked out by hand from domain.md §3 (office hours 08–12, 13–17).
  it.each([
    ['Tết 2026', '2026-02-13T16:00:00+07:00', 3, '2026-02-25T16:00:00+07:00'],
    ['Hùng Kings 2026 (Mon 27 Apr)', '2026-04-24T10:00:00+07:00', 2, '2026-04-29T10:00:00+07:00'],
    ['30/4–1/5 2026', '2026-04-29T14:00:00+07:00', 2, '2026-05-05T14:00:00+07:00'],
    ['make-up Saturday 22 Aug 2026', '2026-08-21T09:00:00+07:00', 1, '2026-08-22T09:00:00+07:00'],
    ['2/9 2026 with the swapped Monday', '2026-08-28T15:00:00+07:00', 1, '2026-09-03T15:00:00+07:00'],
    ['make-up Saturday 26 Apr 2025', '2025-04-25T16:00:00+07:00', 1, '2025-04-26T16:00:00+07:00'],
    ['Tết 2025', '2025-01-24T11:00:00+07:00', 2, '2025-02-04T11:00:00+07:00'],
    ['received on a Saturday', '2026-11-28T10:00:00+07:00', 1, '2026-11-30T17:00:00+07:00'],
  ])('counts working days across %s', async (_name, receivedAt, workingDays, dueAt) => {
    const { body } = await get('/api/v1/calendar/due-date', { receivedAt, workingDays: String(workingDays) }).expect(200);
    // 2025 and 2026 are loaded from their notices: official.
    expect(body).toEqual({ dueAt, calendarStatus: 'official' });
  });

  it('applies a procedure’s cut-off: a same-day certified copy received after 15:00 is due at the next working day’s close', async () => {
    const before = await get('/api/v1/calendar/due-date', { receivedAt: '2026-11-27T14:59:00+07:00', procedureCode: '2.000815' }).expect(200);
    expect(before.body).toEqual({ dueAt: '2026-11-27T17:00:00+07:00', calendarStatus: 'official' });
    const after = await get('/api/v1/calendar/due-date', { receivedAt: '2026-11-27T15:00:00+07:00', procedureCode: '2.000815' }).expect(200);
    expect(after.body).toEqual({ dueAt: '2026-11-30T17:00:00+07:00', calendarStatus: 'official' });
  });

  it('rejects ambiguous or malformed due-date questions', async () => {
    await get('/api/v1/calendar/due-date', { receivedAt: '2026-11-27T10:00:00+07:00' }).expect(400);
    await get('/api/v1/calendar/due-date', { receivedAt: 'yesterday', workingDays: '1' }).expect(400);
    await get('/api/v1/calendar/due-date', { receivedAt: '2026-11-27T10:00:00+07:00', procedureCode: 'NOPE' }).expect(404);
  });
});

describe('operations and documentation', () => {
  it('serves an OpenAPI document that describes every contract path, and the docs page', async () => {
    const { body } = await h.api.get('/api/v1/openapi.json').expect(200);
    expect(body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/branches',
      '/api/v1/departments',
      '/api/v1/procedures',
      '/api/v1/calendar/holidays',
      '/api/v1/calendar/due-date',
      '/api/v1/dossiers',
      '/api/v1/dossiers/{code}',
      '/api/v1/dossiers/import',
      '/api/v1/calendar/years/{year}',
      '/api/v1/calendar/years',
      '/api/v1/reports/overdue',
      '/api/v1/reports/summary',
      '/api/v1/dossiers/{code}/actions/claim',
      '/api/v1/dossiers/{code}/actions/withdraw',
      '/api/v1/tasks',
      '/api/v1/public/dossiers/{code}',
      '/healthz',
      '/readyz',
      '/metrics',
    ]) {
      expect(body.paths).toHaveProperty([path]);
    }
    expect(body.components.schemas.Dossier.properties).toHaveProperty('nationalStatus');
    const docs = await h.api.get('/docs/').expect(200);
    expect(docs.text).toContain('swagger');
  });

  it('answers health at once, and metrics in Prometheus format', async () => {
    await h.api.get('/healthz').expect(200, { status: 'ok' });
    const metrics = await h.api.get('/metrics').expect(200);
    expect(metrics.text).toContain('motcua_http_request_duration_seconds');
  });

  it('answers unknown routes with the error model', async () => {
    const res = await h.api.get('/api/v1/nothing-here').auth(token, { type: 'bearer' }).expect(404);
    expect(res.body).toEqual({ code: 'not_found', message: expect.any(String) });
  });
});

describe('public lookup rate limit', () => {
  it('answers 429 once a client address has looked up too often', async () => {
    const limited = await startHarness({ withWorker: false, publicLookupPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) await limited.api.get('/api/v1/public/dossiers/X-1').query({ pin: '12345678' }).expect(404);
      const res = await limited.api.get('/api/v1/public/dossiers/X-1').query({ pin: '12345678' }).expect(429);
      expect(res.body.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});
