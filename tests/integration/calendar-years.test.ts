import type { Knex } from 'knex';
import supertest from 'supertest';
import { createApp } from '../../api/app';
import { CalendarStore } from '../../api/context';
import { stateQuery } from '../../workflows/messages';
import { upsertCatalogue } from '../../db/catalogue';
import { createDb } from '../../db/knex';
import { procedures } from '../../db/seeds/catalogue-data';
import { prepareDatabase } from '../../scripts/lib/prepare-database';
import { APPLICANT } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { testServices } from '../support/services';

/**
 * domain.md §4, "Calendars never run out", through the API on the real services. This file has a database of
 * its own: other files load calendar years (2027 among them) in the shared one, and the statuses and
 * appointments here depend on exactly which years are loaded. Dossier codes are given (imports), so that they
 * cannot meet another file's workflows on the shared Temporal server.
 */

const DAY = 86_400_000;
const THIRTY_DAYS = '1.012644'; // the seed's 30-working-day procedure (no cut-off)
const dbName = `motcua_calendar_${process.pid}_${Date.now()}`;
const run = Date.now().toString(36);
let serverDb: Knex;
let h: Harness;
let admin: string;
let branch: string;
let seq = 0;

const civil = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const currentYear = () => Number(civil(new Date()).slice(0, 4));
const get = (path: string, query: Record<string, string> = {}) => h.api.get(path).query(query).auth(admin, { type: 'bearer' });

const thirty = procedures.find((p) => p.code === THIRTY_DAYS)!;
function importDossier(receivedAt: string) {
  return h.api
    .post('/api/v1/dossiers/import')
    .auth(admin, { type: 'bearer' })
    .send({
      procedureCode: THIRTY_DAYS,
      applicant: APPLICANT,
      documents: thirty.requiredDocuments.map((d) => ({ code: d.code })),
      receivingBranchId: branch,
      receivedAt,
      code: `CAL-${run}-${++seq}`,
    });
}

/**
 * A load's fan-out signals every open dossier of the database, and the test services' database holds the open
 * dossiers of every integration file run before this one (hundreds): on a loaded CI machine reaching one
 * took more than 30 s (CI loop run 1 on c37af50). Bounded, generously.
 */
const FAN_OUT_BOUND_MS = 120_000;

async function dossierWhen(code: string, ok: (d: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (const until = Date.now() + FAN_OUT_BOUND_MS; ; ) {
    const { body } = await get(`/api/v1/dossiers/${code}`).expect(200);
    if (ok(body)) return body;
    if (Date.now() > until) throw new Error(`dossier ${code} never reached the expected state: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the dossier's workflow has taken every calendar signal it was sent (`count` of them). */
async function calendarSignalsTaken(code: string, count: number): Promise<void> {
  for (const until = Date.now() + FAN_OUT_BOUND_MS; ; ) {
    const { events } = await h.client.workflow.getHandle(code).fetchHistory();
    const list = events ?? [];
    const signals = list.flatMap((e, i) => (e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged' ? [i] : []));
    const lastCompleted = list.reduce((last, e, i) => (e.workflowTaskCompletedEventAttributes ? i : last), -1);
    if (signals.length >= count && lastCompleted > signals[signals.length - 1]) return;
    if (Date.now() > until) throw new Error(`${code} took ${signals.length} of ${count} calendar signals`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const { databaseUrl } = testServices();
  serverDb = createDb(databaseUrl);
  await serverDb.raw(`create database ${dbName}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${dbName}`;
  await prepareDatabase(url.toString());
  h = await startHarness({ databaseUrl: url.toString() });
  // Imports reach back to 2020, but the seed's procedure versions start in 2025: a 2019–2024 version of the
  // 30-day procedure, as a previous system would have had it.
  await upsertCatalogue(h.db, { units: [], procedures: [{ ...thirty, effectiveFrom: '2019-01-01', effectiveTo: '2025-02-28' }], calendarYears: [] });
  admin = await h.token('admin', 'center');
  const branches = (await get('/api/v1/branches').expect(200)).body as { id: string; kind: string }[];
  branch = branches.find((b) => b.kind === 'branch')!.id;
});
afterAll(async () => {
  await h?.close();
  await serverDb?.raw(`drop database if exists ${dbName} with (force)`);
  await serverDb?.destroy();
});

describe('calendar years', () => {
  it('lists every year from 2020 to two years after the current one: loaded ones official with their notice, the rest proposed', async () => {
    const year = currentYear();
    const { body } = await get('/api/v1/calendar/years').expect(200);
    const years = body as { year: number; status: string; source: string; warning?: string }[];
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: year + 2 - 2020 + 1 }, (_, i) => 2020 + i));
    for (const y of years) {
      expect([y.year, y.status]).toEqual([y.year, y.year <= 2026 ? 'official' : 'provisional']);
      if (y.status === 'provisional') expect(y.source).toContain('Đề xuất');
    }
    expect(years.find((y) => y.year === 2024)!.source).toContain('5015/TB-LĐTBXH');
    // The admin is warned while the current or next year is only proposed (the seed ends in 2026).
    expect(years.filter((y) => y.warning).map((y) => y.year)).toEqual([year, year + 1].filter((y) => y > 2026));
    const proposed = (await get('/api/v1/calendar/holidays', { year: '2027' }).expect(200)).body;
    expect(proposed).toMatchObject({ status: 'provisional', makeUpWorkingDays: [] });
    expect(proposed.holidays.map((d: { date: string }) => d.date)).toContain('2027-01-01');
  });

  it('readiness stays 200 and warns while the next year is provisional', async () => {
    const { body } = await h.api.get('/readyz').expect(200);
    expect(body.status).toBe('ready');
    expect(body.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'calendar_provisional', year: currentYear() + 1 })]));
  });

  it('30 working days from Tue 1 Dec 2026 10:00 are due Wed 13 Jan 2027 10:00, provisional (1 Jan 2027 proposed off)', async () => {
    const { body } = await get('/api/v1/calendar/due-date', { receivedAt: '2026-12-01T10:00:00+07:00', workingDays: '30' }).expect(200);
    expect(body).toEqual({ dueAt: '2027-01-13T10:00:00+07:00', calendarStatus: 'provisional' });
    const byProcedure = await get('/api/v1/calendar/due-date', { receivedAt: '2026-12-01T10:00:00+07:00', procedureCode: THIRTY_DAYS }).expect(200);
    expect(byProcedure.body).toEqual({ dueAt: '2027-01-13T10:00:00+07:00', calendarStatus: 'provisional' });
    // Within 2026 (official): 3 working days from Mon 2 Nov 2026 10:00.
    const within = await get('/api/v1/calendar/due-date', { receivedAt: '2026-11-02T10:00:00+07:00', workingDays: '3' }).expect(200);
    expect(within.body).toEqual({ dueAt: '2026-11-05T10:00:00+07:00', calendarStatus: 'official' });
  });

  it('a receipt (import) of 1 Dec 2026 10:00 for the 30-day procedure gets 13 Jan 2027 10:00, provisional, and so does its view', async () => {
    const res = await importDossier('2026-12-01T10:00:00+07:00').expect(201);
    expect(res.body).toMatchObject({ dueAt: '2027-01-13T10:00:00+07:00', calendarStatus: 'provisional' });
    const view = await get(`/api/v1/dossiers/${res.body.code}`).expect(200);
    expect(view.body).toMatchObject({ dueAt: '2027-01-13T10:00:00+07:00', calendarStatus: 'provisional' });
  });

  it('an import received in 2024 counts Tết 2024 (Thu 8 – Wed 14 Feb) as days off, official', async () => {
    // Wed 7 Feb 2024 10:00 + 30 working days: 15–16 Feb (2), 19–23 (7), 26–29 (11), 1 Mar (12), 4–8 (17),
    // 11–15 (22), 18–22 (27), 25, 26, 27 → Wed 27 Mar 2024 10:00 (with Tết counted it would be Wed 20 Mar).
    const res = await importDossier('2024-02-07T10:00:00+07:00').expect(201);
    expect(res.body).toMatchObject({ dueAt: '2024-03-27T10:00:00+07:00', calendarStatus: 'official' });
  });

  it('proposes any later year (provisional); refuses with 422 calendar_year_unknown a year before the first loaded one or past 2100, and changes nothing', async () => {
    const last = currentYear() + 2;
    // The day after the last proposed year: proposed too (1 January is off), provisional.
    const beyond = await get('/api/v1/calendar/due-date', { receivedAt: `${last}-12-29T10:00:00+07:00`, workingDays: '2' }).expect(200);
    expect(beyond.body.calendarStatus).toBe('provisional');
    const expected = new Date(`${last + 1}-01-01T10:00:00+07:00`);
    while ([0, 6].includes(expected.getUTCDay()) || expected.getUTCDate() === 1) expected.setUTCDate(expected.getUTCDate() + 1);
    expect(new Date(beyond.body.dueAt).getTime()).toBeGreaterThanOrEqual(expected.getTime());
    // Request instants end with 2099; 300 working days from its last week run into 2101.
    const far = await get('/api/v1/calendar/due-date', { receivedAt: '2099-12-28T10:00:00+07:00', workingDays: '300' }).expect(422);
    expect(far.body).toMatchObject({ code: 'calendar_year_unknown', details: { year: 2101, knownYears: { first: 2020, last: 2100 } } });
    const before = await get('/api/v1/calendar/due-date', { receivedAt: '2019-06-03T10:00:00+07:00', workingDays: '1' }).expect(422);
    expect(before.body.code).toBe('calendar_year_unknown');
    const old = await importDossier('2019-06-03T10:00:00+07:00').expect(422);
    expect(old.body.code).toBe('calendar_year_unknown');
    expect(await h.db('dossiers').where({ code: `CAL-${run}-${seq}` }).first()).toBeUndefined();
  });
});

describe('loading the notice of a provisional year', () => {
  it('turns it official; an added day off moves an open dossier later (an event); a dropped day moves nothing earlier; every load has its own fan-out', async () => {
    // A dossier received a minute ago, due in about six weeks, in a year that is only proposed.
    const received = await importDossier(new Date(Date.now() - 60_000).toISOString()).expect(201);
    const { code, dueAt: firstDue, receivedAt } = received.body as { code: string; dueAt: string; receivedAt: string };
    const year = Number(firstDue.slice(0, 4));
    expect(received.body.calendarStatus).toBe('provisional');
    const proposal = (await get('/api/v1/calendar/holidays', { year: String(year) }).expect(200)).body as { status: string; holidays: { date: string; name: string }[] };
    expect(proposal.status).toBe('provisional');
    const off = new Set(proposal.holidays.map((d) => d.date));
    const dueDate = firstDue.slice(0, 10);
    const tomorrow = addDays(civil(new Date()), 1);
    // A bridging day the notice adds: a proposed working weekday after tomorrow and before the appointment.
    let bridge: string | undefined;
    for (let d = addDays(dueDate, -1); !bridge && d > tomorrow && d.startsWith(`${year}-`); d = addDays(d, -1)) {
      if (weekday(d) >= 1 && weekday(d) <= 5 && !off.has(d)) bridge = d;
    }
    if (!bridge) throw new Error(`no working weekday of ${year} between ${tomorrow} and ${dueDate}`);

    const notice = { holidays: [...proposal.holidays, { date: bridge, name: 'Nghỉ hoán đổi (thông báo thử)' }], makeUpWorkingDays: [], source: 'Thông báo thử nghiệm' };
    const first = await h.api.put(`/api/v1/calendar/years/${year}`).auth(admin, { type: 'bearer' }).send(notice).expect(200);
    expect(first.body).toEqual({
      year,
      status: 'official',
      previousStatus: 'provisional',
      newDaysOff: [bridge],
      droppedDaysOff: [],
      fanOutWorkflowId: expect.stringMatching(new RegExp(`^calendar-change-${year}-load-\\d+$`)),
    });
    const moved = await dossierWhen(code, (d) => d.dueAt !== firstDue);
    const expected = await get('/api/v1/calendar/due-date', { receivedAt, procedureCode: THIRTY_DAYS }).expect(200);
    expect(moved.dueAt).toBe(expected.body.dueAt);
    expect(new Date(moved.dueAt as string).getTime()).toBeGreaterThan(new Date(firstDue).getTime());
    const events = (moved.history as { action: string; data?: Record<string, unknown> }[]).filter((e) => e.action === 'calendar-change');
    expect(events).toHaveLength(1);
    // Official from the reception to the appointment, unless the reception's year is itself only proposed.
    const statuses = new Map(((await get('/api/v1/calendar/years').expect(200)).body as { year: number; status: string }[]).map((y) => [y.year, y.status]));
    expect(statuses.get(year)).toBe('official');
    const receivedYear = Number(civil(new Date(receivedAt)).slice(0, 4));
    expect(moved.calendarStatus).toBe(statuses.get(receivedYear) === 'official' ? 'official' : 'provisional');
    expect(expected.body.calendarStatus).toBe(moved.calendarStatus);

    // A second notice drops the bridging day and every proposed day off before the appointment, and adds one after it.
    const dropped = [bridge, ...proposal.holidays.map((d) => d.date).filter((d) => d > tomorrow && d < dueDate)].sort();
    const after = [addDays(dueDate, 7), addDays(dueDate, 8), addDays(dueDate, 9)].find((d) => d.startsWith(`${year}-`) && weekday(d) >= 1 && weekday(d) <= 5 && !off.has(d));
    const second = await h.api
      .put(`/api/v1/calendar/years/${year}`)
      .auth(admin, { type: 'bearer' })
      .send({
        holidays: [...proposal.holidays.filter((d) => !dropped.includes(d.date)), ...(after ? [{ date: after, name: 'Nghỉ (thông báo sửa)' }] : [])],
        makeUpWorkingDays: [],
        source: 'Thông báo thử nghiệm (sửa đổi)',
      })
      .expect(200);
    expect(second.body).toMatchObject({ previousStatus: 'official', newDaysOff: after ? [after] : [], droppedDaysOff: dropped });
    if (after) {
      expect(second.body.fanOutWorkflowId).not.toBe(first.body.fanOutWorkflowId);
      await h.client.workflow.getHandle(second.body.fanOutWorkflowId).result();
      await calendarSignalsTaken(code, 2);
    }
    const unchanged = (await get(`/api/v1/dossiers/${code}`).expect(200)).body;
    expect(unchanged.dueAt).toBe(moved.dueAt);
    expect((unchanged.history as { action: string }[]).filter((e) => e.action === 'calendar-change')).toHaveLength(1);

    // The same day added again later is a new load with a fan-out of its own (not a no-op on an old id).
    const third = await h.api.put(`/api/v1/calendar/years/${year}`).auth(admin, { type: 'bearer' }).send(notice).expect(200);
    expect(third.body.newDaysOff).toEqual(expect.arrayContaining([bridge]));
    expect(third.body.fanOutWorkflowId).not.toBe(first.body.fanOutWorkflowId);
    expect(third.body.fanOutWorkflowId).not.toBe(second.body.fanOutWorkflowId);
    await h.client.workflow.getHandle(third.body.fanOutWorkflowId).result();
    await calendarSignalsTaken(code, after ? 3 : 2);
  }, 360_000);

  it('a load whose fan-out never started (Temporal down) is started by the next load', async () => {
    const year = currentYear() + 2;
    const [lost] = await h.db('calendar_loads').insert({ year, new_days_off: JSON.stringify([]) }).returning('id');
    const proposal = (await get('/api/v1/calendar/holidays', { year: String(year) }).expect(200)).body as { holidays: { date: string; name: string }[] };
    await h.api
      .put(`/api/v1/calendar/years/${year}`)
      .auth(admin, { type: 'bearer' })
      .send({ holidays: proposal.holidays, makeUpWorkingDays: [], source: 'Thông báo thử nghiệm' })
      .expect(200);
    const row = await h.db('calendar_loads').where({ id: lost.id }).first();
    expect(row.fan_out_started_at).not.toBeNull();
    expect(row.fan_out_workflow_id).toBe(`calendar-change-${year}-load-${lost.id}`);
    await h.client.workflow.getHandle(row.fan_out_workflow_id).result();
  }, 240_000);

  it('the same day off announced again, after a notice dropped it, gets a fan-out of its own (the id was once the days: a no-op while the first ran)', async () => {
    const year = currentYear() + 2;
    const loaded = (await get('/api/v1/calendar/holidays', { year: String(year) }).expect(200)).body as { holidays: { date: string; name: string }[] };
    const off = new Set(loaded.holidays.map((d) => d.date));
    let extra = `${year}-06-01`;
    while (weekday(extra) === 0 || weekday(extra) === 6 || off.has(extra)) extra = addDays(extra, 1);
    const put = (holidays: { date: string; name: string }[]) =>
      h.api.put(`/api/v1/calendar/years/${year}`).auth(admin, { type: 'bearer' }).send({ holidays, makeUpWorkingDays: [], source: 'Thông báo thử nghiệm' }).expect(200);
    const withExtra = [...loaded.holidays, { date: extra, name: 'Nghỉ (thử)' }];
    const first = await put(withExtra);
    await put(loaded.holidays);
    const again = await put(withExtra);
    expect([first.body.newDaysOff, again.body.newDaysOff]).toEqual([[extra], [extra]]);
    expect(again.body.fanOutWorkflowId).not.toBe(first.body.fanOutWorkflowId);
    for (const id of [first.body.fanOutWorkflowId, again.body.fanOutWorkflowId]) await h.client.workflow.getHandle(id).result();
  }, 240_000);
});

describe('several API processes', () => {
  it('a day off loaded through one API is in the very next receipt at another (whose calendar was read a moment before)', async () => {
    // A second API process: the same database and Temporal, a calendar cache of its own.
    const other = supertest.agent(createApp({ ...h.ctx, calendar: new CalendarStore(h.db) }));
    const importAt = (receivedAt: string) =>
      other
        .post('/api/v1/dossiers/import')
        .auth(admin, { type: 'bearer' })
        .send({ procedureCode: THIRTY_DAYS, applicant: APPLICANT, documents: thirty.requiredDocuments.map((d) => ({ code: d.code })), receivingBranchId: branch, receivedAt, code: `CAL-${run}-${++seq}` });
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    // The other API reads the calendar for this receipt (and would keep it for a minute).
    const before = (await importAt(receivedAt).expect(201)).body as { dueAt: string };
    const year = Number(before.dueAt.slice(0, 4));
    const now = (await get('/api/v1/calendar/holidays', { year: String(year) }).expect(200)).body as { holidays: { date: string; name: string }[] };
    const off = new Set(now.holidays.map((d) => d.date));
    const tomorrow = addDays(civil(new Date()), 1);
    let added: string | undefined;
    for (let d = addDays(before.dueAt.slice(0, 10), -1); !added && d > tomorrow && d.startsWith(`${year}-`); d = addDays(d, -1)) {
      if (weekday(d) >= 1 && weekday(d) <= 5 && !off.has(d)) added = d;
    }
    if (!added) throw new Error(`no working weekday of ${year} between ${tomorrow} and ${before.dueAt}`);
    await h.api
      .put(`/api/v1/calendar/years/${year}`)
      .auth(admin, { type: 'bearer' })
      .send({ holidays: [...now.holidays, { date: added, name: 'Nghỉ bù (thông báo thử)' }], makeUpWorkingDays: [], source: 'Thông báo thử nghiệm' })
      .expect(200);

    const after = (await importAt(receivedAt).expect(201)).body as { code: string; dueAt: string };
    const expected = (await get('/api/v1/calendar/due-date', { receivedAt, procedureCode: THIRTY_DAYS }).expect(200)).body as { dueAt: string };
    expect(new Date(expected.dueAt).getTime()).toBeGreaterThan(new Date(before.dueAt).getTime());
    expect(after.dueAt).toBe(expected.dueAt);
    // And its workflow holds the day: its own appointment, as the read model says.
    const state = await h.client.workflow.getHandle(after.code).query(stateQuery);
    expect(new Date(state.dueAt).getTime()).toBe(new Date(expected.dueAt).getTime());
  }, 120_000);
});
