import { actors, act, APPLICANT, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { waitFor } from '../../scripts/lib/local-services';

let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

const DAY = 86_400_000;

/** The dossier once `done` holds; a calendar fan-out or a timer's escalation under load takes a while (bounded). */
async function dossierWhen(code: string, token: string, done: (d: Record<string, unknown>) => boolean) {
  let body: Record<string, unknown> = {};
  await waitFor(
    async () => {
      body = (await h.api.get(`/api/v1/dossiers/${code}`).auth(token, { type: 'bearer' }).expect(200)).body;
      if (!done(body)) throw new Error(`last seen: ${JSON.stringify({ status: body.status, dueAt: body.dueAt, escalationLevel: body.escalationLevel })}`);
    },
    60_000,
    `dossier ${code} in the expected state`,
  );
  return body;
}

describe('deadlines through the API', () => {
  it('imports an overdue dossier, which shows overdue, the leader’s apology task and its escalation', async () => {
    // Five months ago: past its appointment by more than five working days, whatever the procedure.
    const receivedAt = new Date(Date.now() - 150 * DAY).toISOString();
    const res = await h.api
      .post('/api/v1/dossiers/import')
      .auth(t.admin, { type: 'bearer' })
      .send({
        procedureCode: f.procedure.code,
        applicant: APPLICANT,
        documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })),
        receivingBranchId: f.branch,
        receivedAt,
        code: `LEGACY-${Date.now()}`,
      })
      .expect(201);
    expect(new Date(res.body.receivedAt).toISOString()).toBe(receivedAt);
    expect(res.body.overdue).toBe(true);
    const code: string = res.body.code;
    const escalated = await dossierWhen(code, t.leader, (d) => d.escalationLevel === 4);
    expect(escalated).toMatchObject({ overdue: true, escalationLevel: 4, status: 'transferred' });
    const history = escalated.history as { action: string; note?: string }[];
    expect(history.map((e) => e.action)).toEqual(expect.arrayContaining(['import', 'transfer', 'escalate']));
    expect(history.find((e) => e.action === 'escalate')?.note).toBe('escalation_5');
    const tasks = (await h.api.get('/api/v1/tasks').auth(t.leader, { type: 'bearer' }).expect(200)).body as { dossierCode: string; kind: string }[];
    expect(tasks).toContainEqual(expect.objectContaining({ dossierCode: code, kind: 'apologize' }));
    // The same code cannot be imported twice; only admins import.
    await h.api.post('/api/v1/dossiers/import').auth(t.clerk, { type: 'bearer' }).send({}).expect(403);
  }, 120_000);

  it('asks for additions once, stops the clock, and checks the supplement against what was asked', async () => {
    const { body } = await receive(h, f, t.clerk).expect(201);
    await act(h, t.officer, body.code, 'claim').expect(200);
    const asked = await act(h, t.officer, body.code, 'request-supplement', { reason: 'Thiếu bản sao CCCD', documents: ['ban-sao-cccd'] }).expect(200);
    expect(asked.body).toMatchObject({ status: 'awaiting_supplement', nationalStatus: 5 });
    expect(asked.body.supplements).toEqual([expect.objectContaining({ reason: 'Thiếu bản sao CCCD', documents: ['ban-sao-cccd'], policy: 'restart' })]);
    const clerkTasks = (await h.api.get('/api/v1/tasks').auth(t.otherClerk, { type: 'bearer' }).expect(200)).body as { dossierCode: string; kind: string }[];
    expect(clerkTasks.some((x) => x.dossierCode === body.code)).toBe(false); // it is the receiving branch's task
    const mine = (await h.api.get('/api/v1/tasks').auth(t.clerk, { type: 'bearer' }).expect(200)).body as { dossierCode: string; kind: string }[];
    expect(mine).toContainEqual(expect.objectContaining({ dossierCode: body.code, kind: 'supplement' }));
    const incomplete = await act(h, t.otherClerk, body.code, 'supplement', { documents: [{ code: 'khac' }] }).expect(422);
    expect(incomplete.body).toEqual({ code: 'incomplete_dossier', message: expect.any(String), details: { missingDocuments: ['ban-sao-cccd'] } });
    const waiting = await h.db('dossiers').where({ code: body.code }).first();
    expect(waiting.supplement_spans).toMatch(/^\{\[".+",\)\}$/); // one wait, still open
    const back = await act(h, t.otherClerk, body.code, 'supplement', { documents: [{ code: 'ban-sao-cccd' }] }).expect(200);
    const answered = await h.db('dossiers').where({ code: body.code }).first();
    expect(answered.supplement_spans).toMatch(/^\{\[".+",".+"\)\}$/); // the wait, closed
    expect(back.body.status).toBe('processing');
    expect(new Date(back.body.dueAt).getTime()).toBeGreaterThanOrEqual(new Date(body.dueAt).getTime());
    const second = await act(h, t.officer, body.code, 'request-supplement', { reason: 'lần hai', documents: ['x'] }).expect(403);
    expect(second.body.code).toBe('forbidden');
  });

  it('moves open appointments later when an admin loads newly announced days off', async () => {
    const admin = t.admin;
    const procedures = (await h.api.get('/api/v1/procedures').auth(admin, { type: 'bearer' })).body as {
      code: string;
      authorityLevel: string;
      processingTime: { value: number; unit: string };
      requiredDocuments: { code: string }[];
    }[];
    const long = procedures.find((p) => p.authorityLevel === 'city' && p.processingTime.unit === 'working_days' && p.processingTime.value >= 25)!;
    const { body } = await receive(h, f, t.clerk, { procedureCode: long.code, documents: long.requiredDocuments.map((d) => ({ code: d.code })) }).expect(201);
    // A new day off: the working day before the appointment (its year is loaded as it was, plus that day).
    const due = new Date(body.dueAt);
    const year = Number(body.dueAt.slice(0, 4));
    const before = (await h.api.get('/api/v1/calendar/holidays').query({ year }).auth(admin, { type: 'bearer' }).expect(200)).body as {
      holidays: { date: string; name: string }[];
      makeUpWorkingDays: string[];
    };
    const off = new Set(before.holidays.map((d) => d.date));
    let candidate = new Date(due.getTime() - DAY);
    const civil = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    while ([0, 6].includes(new Date(`${civil(candidate)}T12:00:00Z`).getUTCDay()) || off.has(civil(candidate))) candidate = new Date(candidate.getTime() - DAY);
    const newDayOff = civil(candidate);
    expect(newDayOff.startsWith(String(year))).toBe(true);
    const restore = { holidays: before.holidays, makeUpWorkingDays: before.makeUpWorkingDays.map((date) => ({ date, name: 'Làm bù' })), source: 'restored by test' };
    try {
      await h.api.put(`/api/v1/calendar/years/${year}`).auth(t.clerk, { type: 'bearer' }).send(restore).expect(403);
      const loaded = await h.api
        .put(`/api/v1/calendar/years/${year}`)
        .auth(admin, { type: 'bearer' })
        .send({ ...restore, holidays: [...before.holidays, { date: newDayOff, name: 'Nghỉ (thông báo mới)' }], source: 'test notice' })
        .expect(200);
      expect(loaded.body).toMatchObject({ year, newDaysOff: [newDayOff] });
      const moved = await dossierWhen(body.code, admin, (d) => d.dueAt !== body.dueAt);
      expect(new Date(moved.dueAt as string).getTime()).toBeGreaterThan(due.getTime());
      const change = (moved.history as { action: string }[]).find((e) => e.action === 'calendar-change');
      expect(change).toBeDefined();
      // The appointment is what the calendar now gives for the same reception.
      const expected = await h.api.get('/api/v1/calendar/due-date').query({ receivedAt: body.receivedAt, procedureCode: long.code }).auth(admin, { type: 'bearer' }).expect(200);
      expect(moved.dueAt).toBe(expected.body.dueAt);
    } finally {
      await h.api.put(`/api/v1/calendar/years/${year}`).auth(admin, { type: 'bearer' }).send(restore).expect(200);
    }
  }, 120_000);
});
