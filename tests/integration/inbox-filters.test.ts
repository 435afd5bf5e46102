import { APPLICANT, act, receive, useApi } from '../support/fixtures';

/**
 * What the console's inbox asks of the dossier list (issue 11, item 3): the tabs "mine" and "unassigned"
 * (task=), due soon (dueSoon=), received between two civil dates (receivedFrom=, receivedTo=), and the
 * department's staff for a leader's reassign form (GET /staff).
 */
const s = useApi();
const DAY = 86_400_000;

interface Row {
  code: string;
  assignee?: string;
  dueSoon: boolean;
  overdue: boolean;
  receivedAt: string;
}

/** Every page of the list for these filters, as `token` sees it. */
async function listAll(token: string, query: Record<string, string>): Promise<Row[]> {
  const items: Row[] = [];
  let cursor: string | null = null;
  do {
    const res = await s.h.api
      .get('/api/v1/dossiers')
      .auth(token, { type: 'bearer' })
      .query({ ...query, limit: '200', ...(cursor ? { cursor } : {}) })
      .expect(200);
    items.push(...(res.body.items as Row[]));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return items;
}
const codesOf = (rows: Row[]) => new Set(rows.map((r) => r.code));

describe('the dossier list for the inbox', () => {
  it('"mine" holds the dossiers assigned to the caller; "unassigned" those waiting for the caller’s role in its units', async () => {
    const claimed = (await receive(s.h, s.f, s.t.clerk).expect(201)).body.code as string;
    const waiting = (await receive(s.h, s.f, s.t.clerk).expect(201)).body.code as string;
    await act(s.h, s.t.officer, claimed, 'claim').expect(200);

    const mine = codesOf(await listAll(s.t.officer, { task: 'mine' }));
    expect(mine.has(claimed)).toBe(true);
    expect(mine.has(waiting)).toBe(false);
    const otherMine = codesOf(await listAll(s.t.otherOfficer, { task: 'mine' }));
    expect(otherMine.has(claimed)).toBe(false);

    const unassigned = codesOf(await listAll(s.t.officer, { task: 'unassigned' }));
    expect(unassigned.has(waiting)).toBe(true);
    expect(unassigned.has(claimed)).toBe(false);
    // Another department's officer sees neither; a leader's unassigned work is approvals, not claims.
    expect(codesOf(await listAll(s.t.foreignOfficer, { task: 'unassigned' })).has(waiting)).toBe(false);
    expect(codesOf(await listAll(s.t.leader, { task: 'unassigned' })).has(waiting)).toBe(false);

    await act(s.h, s.t.officer, claimed, 'submit', { outcome: 'approved', summary: 'Đủ điều kiện' }).expect(200);
    expect(codesOf(await listAll(s.t.leader, { task: 'unassigned' })).has(claimed)).toBe(true);
    // The clerk's unassigned work: results to return, once ready.
    expect(codesOf(await listAll(s.t.clerk, { task: 'unassigned' })).has(claimed)).toBe(false);
    await act(s.h, s.t.leader, claimed, 'approve', {}).expect(200);
    expect(codesOf(await listAll(s.t.clerk, { task: 'unassigned' })).has(claimed)).toBe(true);
    expect(codesOf(await listAll(s.t.officer, { task: 'mine' })).has(claimed)).toBe(false);

    await s.h.api.get('/api/v1/dossiers').auth(s.t.officer, { type: 'bearer' }).query({ task: 'everyone' }).expect(400);
  }, 120_000);

  it('dueSoon= answers as each dossier’s own dueSoon flag, and receivedFrom/receivedTo bound the civil date received in Hanoi', async () => {
    // Imported with receipts 0 to 70 days ago, one a day (the fixture's procedure may take 30 working days):
    // some are within time, some due soon, some overdue.
    const stamp = Date.now();
    const imported: { code: string; receivedAt: string }[] = [];
    for (let k = 0; k <= 70; k += 1) {
      const receivedAt = new Date(stamp - k * DAY).toISOString();
      const res = await s.h.api
        .post('/api/v1/dossiers/import')
        .auth(s.t.admin, { type: 'bearer' })
        .send({
          procedureCode: s.f.procedure.code,
          applicant: APPLICANT,
          documents: s.f.procedure.requiredDocuments.map((d) => ({ code: d.code })),
          receivingBranchId: s.f.branch,
          receivedAt,
          code: `INBOX-${stamp}-${k}`,
        })
        .expect(201);
      imported.push({ code: res.body.code as string, receivedAt });
    }
    const ours = new Set(imported.map((d) => d.code));
    const all = (await listAll(s.t.leader, {})).filter((r) => ours.has(r.code));
    expect(all).toHaveLength(imported.length);
    const dueSoon = all.filter((r) => r.dueSoon).map((r) => r.code);
    expect(dueSoon.length).toBeGreaterThan(0);
    const listedSoon = (await listAll(s.t.leader, { dueSoon: 'true' })).filter((r) => ours.has(r.code));
    expect(listedSoon.map((r) => r.code).sort()).toEqual([...dueSoon].sort());
    expect(listedSoon.every((r) => r.dueSoon && !r.overdue)).toBe(true);
    const listedNotSoon = (await listAll(s.t.leader, { dueSoon: 'false' })).filter((r) => ours.has(r.code));
    expect(listedNotSoon.map((r) => r.code).sort()).toEqual(all.filter((r) => !r.dueSoon).map((r) => r.code).sort());

    // Received between: by the civil date in Hanoi, both ends included.
    const hanoiDate = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const from = hanoiDate(imported[12]!.receivedAt); // 12 days ago
    const to = hanoiDate(imported[4]!.receivedAt); // 4 days ago
    const between = (await listAll(s.t.leader, { receivedFrom: from, receivedTo: to })).filter((r) => ours.has(r.code));
    const expected = imported.filter((d) => hanoiDate(d.receivedAt) >= from && hanoiDate(d.receivedAt) <= to).map((d) => d.code);
    expect(expected).toHaveLength(9);
    expect(between.map((r) => r.code).sort()).toEqual(expected.sort());
    await s.h.api.get('/api/v1/dossiers').auth(s.t.leader, { type: 'bearer' }).query({ receivedFrom: '2026-02-30' }).expect(400);
  }, 180_000);

  it('a leader lists the department’s staff (for reassigning), not another department’s; an officer may not', async () => {
    const admin = s.t.admin;
    const username = `inbox-officer-${Date.now()}`;
    const person = await s.h.api.post('/api/v1/staff').auth(admin, { type: 'bearer' }).send({ username, name: 'Chuyên viên thử' }).expect(201);
    await s.h.api
      .post(`/api/v1/staff/${person.body.id}/assignments`)
      .auth(admin, { type: 'bearer' })
      .send({ role: 'officer', unitId: s.f.procedure.departmentId, kind: 'home', from: '2025-07-01', reason: 'test' })
      .expect(201);
    const listed = (await s.h.api.get('/api/v1/staff').auth(s.t.leader, { type: 'bearer' }).expect(200)).body as { id: string }[];
    expect(listed.map((p) => p.id)).toContain(person.body.id);
    const foreign = (await s.h.api.get('/api/v1/staff').auth(s.t.foreignLeader, { type: 'bearer' }).expect(200)).body as { id: string }[];
    expect(foreign.map((p) => p.id)).not.toContain(person.body.id);
    await s.h.api.get('/api/v1/staff').auth(s.t.officer, { type: 'bearer' }).expect(403);
  }, 60_000);
});
