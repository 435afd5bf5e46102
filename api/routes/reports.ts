import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { unitScope } from '../../db/catalogue';
import { allRunningDossiers, runningDossiers, summaryCounts, type ReportScope, type RunningQuery, type RunningRow, type SummaryBucket, type SummaryCounts } from '../../db/reports';
import { HOURS_PER_WORKING_DAY, type WorkingCalendar } from '../../domain/calendar';
import { reportAccess } from '../../domain/access';
import type { Actor } from '../../domain/roles';
import { actorOf } from '../auth';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { reportFormat, sendTable, type Column } from '../export';
import { DueSoonDossier, encodeCursor as cursorAt, OverdueDossier, RunningListQuery, SummaryQuery, type SummaryRow } from '../schemas';

const DEFAULT_PAGE = 100;
/** The longest period a summary covers (about ten years). */
const MAX_PERIOD_DAYS = 3660;

/**
 * Supervision (api-contract.md "Supervision", domain.md §3): the overdue and due-soon lists and the summary,
 * as JSON or as CSV / XLSX downloads.
 *
 * Who sees what: supervisors and admins of the center see every dossier; a branch supervisor (or admin) sees
 * the dossiers received at their branch or its reception points; a leader sees their department's, and asking
 * for another department is 403; clerks and officers get 403. `branchId`, `departmentId` and `procedureCode`
 * narrow that further (a branchId outside a branch supervisor's branch is 403).
 */
export function reportRoutes(ctx: AppContext): Router {
  const r = Router();
  // The same URL answers JSON, CSV or XLSX by the Accept header.
  r.use((_req, res, next) => {
    res.vary('Accept');
    next();
  });

  r.get('/overdue', async (req, res) => {
    const q = RunningListQuery.parse(req.query);
    const scope = await reportScope(ctx, actorOf(req), q);
    const { calendar } = await ctx.calendar.current();
    const now = new Date();
    const view = (row: RunningRow): OverdueDossier => ({
      ...runningView(row, calendar),
      overdueWorkingDays: Math.floor(calendar.workingHoursBetween(new Date(row.original_due_at), now) / HOURS_PER_WORKING_DAY),
    });
    // The one definition of overdue (domain.md §4): apologised dossiers stay on this list.
    await sendRunningList(ctx, req, res, q, { scope, overdueAt: now }, view, [{ header: 'overdueWorkingDays', value: (v) => v.overdueWorkingDays, width: 20 }], `overdue-${calendar.civilDate(now)}`);
  });

  r.get('/due-soon', async (req, res) => {
    const q = RunningListQuery.parse(req.query);
    const scope = await reportScope(ctx, actorOf(req), q);
    const { calendar } = await ctx.calendar.current();
    const now = new Date();
    const view = (row: RunningRow): DueSoonDossier => ({
      ...runningView(row, calendar),
      workingHoursLeft: Math.round(calendar.workingHoursBetween(now, new Date(row.original_due_at)) * 100) / 100,
    });
    // Not overdue yet, and due within the due-soon working days (domain.md §4: "due soon", default two).
    const days = ctx.config.dueSoonWorkingDays;
    const range = { dueFrom: now, dueUntil: calendar.addWorkingHours(now, days * HOURS_PER_WORKING_DAY) };
    await sendRunningList(ctx, req, res, q, { scope, ...range }, view, [{ header: 'workingHoursLeft', value: (v) => v.workingHoursLeft, width: 18 }], `due-soon-${calendar.civilDate(now)}`);
  });

  r.get('/summary', async (req, res) => {
    const q = SummaryQuery.parse(req.query);
    const scope = await reportScope(ctx, actorOf(req), q);
    const { calendar } = await ctx.calendar.current();
    const now = new Date();
    const today = calendar.civilDate(now);
    const from = q.from ?? `${today.slice(0, 8)}01`;
    const to = q.to ?? today;
    if (from > to) throw new HttpError('invalid_request', 'The request is not valid.', [{ path: ['from'], message: 'from must not be after to' }]);
    if (daysBetween(from, to) > MAX_PERIOD_DAYS) {
      throw new HttpError('invalid_request', 'The request is not valid.', [{ path: ['to'], message: `a period covers at most ${MAX_PERIOD_DAYS} days` }]);
    }
    const start = calendar.atCivil(from, '00:00');
    const end = calendar.atCivil(nextDay(to), '00:00');
    const buckets = q.groupBy === 'month' ? monthBuckets(calendar, start, end) : [{ label: `${from}..${to}`, start, end }];
    const rows = (await summaryCounts(ctx.db, q.groupBy, buckets, scope, now)).map(summaryView);
    const format = reportFormat(req, q.format);
    if (format === 'json') {
      res.json(rows);
      return;
    }
    await sendTable(res, { format, filename: `summary-${q.groupBy}-${from}-${to}`, sheetName: `Summary ${from} ${to}`, columns: SUMMARY_COLUMNS, rows });
  });

  return r;
}

type OverdueDossier = z.infer<typeof OverdueDossier>;
type DueSoonDossier = z.infer<typeof DueSoonDossier>;
type RunningView = Omit<OverdueDossier, 'overdueWorkingDays'>;

function runningView(row: RunningRow, calendar: WorkingCalendar): RunningView {
  return {
    code: row.code,
    procedureCode: row.procedure_code,
    departmentId: row.department_id,
    receivingBranchId: row.receiving_branch_id,
    status: row.status,
    dueAt: calendar.civilDateTime(new Date(row.original_due_at)),
    ...(new Date(row.due_at) > new Date(row.original_due_at) ? { rescheduledDueAt: calendar.civilDateTime(new Date(row.due_at)) } : {}),
  };
}

const RUNNING_COLUMNS: Column<RunningView>[] = [
  { header: 'code', value: (v) => v.code, width: 28 },
  { header: 'procedureCode', value: (v) => v.procedureCode, width: 16 },
  { header: 'departmentId', value: (v) => v.departmentId, width: 26 },
  { header: 'receivingBranchId', value: (v) => v.receivingBranchId, width: 32 },
  { header: 'status', value: (v) => v.status, width: 18 },
  { header: 'dueAt', value: (v) => v.dueAt, width: 26 },
];

/**
 * A running-dossier list: the contract's plain array, one keyset page (`limit`, `cursor`; the next cursor in
 * `X-Next-Cursor` and `Link: <…>; rel="next"`), or every row from the cursor on as a streamed download.
 */
async function sendRunningList<V extends RunningView>(
  ctx: AppContext,
  req: Request,
  res: Response,
  q: RunningListQuery,
  query: Omit<RunningQuery, 'limit' | 'after'>,
  view: (row: RunningRow) => V,
  extra: Column<V>[],
  filename: string,
): Promise<void> {
  const after = q.cursor ? { dueAt: q.cursor.at, code: q.cursor.code } : undefined;
  const format = reportFormat(req, q.format);
  if (format === 'json') {
    const limit = q.limit ?? DEFAULT_PAGE;
    const rows = await runningDossiers(ctx.db, { ...query, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    if (rows.length > limit) {
      const next = encodeCursor(page[page.length - 1]);
      const url = new URL(req.originalUrl, 'http://localhost');
      url.searchParams.set('cursor', next);
      res.setHeader('X-Next-Cursor', next);
      res.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    res.json(page.map(view));
    return;
  }
  const rows = mapAsync(allRunningDossiers(ctx.db, { ...query, after }, q.limit ?? Infinity), view);
  await sendTable<V>(res, { format, filename, sheetName: filename, columns: [...(RUNNING_COLUMNS as Column<V>[]), ...extra], rows });
}

async function* mapAsync<T, U>(rows: AsyncIterable<T>, f: (row: T) => U): AsyncGenerator<U> {
  for await (const row of rows) yield f(row);
}

function encodeCursor(row: RunningRow): string {
  return cursorAt(new Date(row.original_due_at), row.code);
}

/** The caller's scope (see reportRoutes) intersected with the query's filters. */
async function reportScope(ctx: AppContext, actor: Actor, q: { branchId?: string; departmentId?: string; procedureCode?: string }): Promise<ReportScope> {
  const access = reportAccess(actor, q);
  if (!access.ok) throw new HttpError('forbidden', access.message);
  const departmentId = access.departmentId;
  let receivingUnits: string[] | null = access.receivingScopeOf === null ? null : await unitScope(ctx.db, access.receivingScopeOf);
  if (q.branchId) {
    const wanted = await unitScope(ctx.db, q.branchId);
    if (receivingUnits) {
      const mine = receivingUnits;
      if (!wanted.every((u) => mine.includes(u))) throw new HttpError('forbidden', 'That unit is outside your branch.');
    }
    receivingUnits = wanted;
  }
  return { receivingUnits, departmentId, procedureCode: q.procedureCode ?? null };
}

/** The civil months that [start, end) overlaps, each clipped to it. */
function monthBuckets(calendar: WorkingCalendar, start: Date, end: Date): SummaryBucket[] {
  const buckets: SummaryBucket[] = [];
  let month = calendar.civilDate(start).slice(0, 7);
  for (;;) {
    const monthStart = calendar.atCivil(`${month}-01`, '00:00');
    if (monthStart >= end) break;
    const next = nextMonth(month);
    const monthEnd = calendar.atCivil(`${next}-01`, '00:00');
    buckets.push({ label: month, start: monthStart > start ? monthStart : start, end: monthEnd < end ? monthEnd : end });
    month = next;
  }
  return buckets;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

function summaryView(c: SummaryCounts): SummaryRow {
  return {
    key: c.key,
    received: c.received,
    carriedOver: c.carried_over,
    receivedByChannel: { in_person: c.received_in_person, postal: c.received_postal, online: c.received_online },
    resolved: c.resolved,
    early: c.early,
    onTime: c.on_time,
    late: c.late,
    pending: c.pending,
    pendingWithinTime: c.pending - c.pending_overdue - c.paused,
    pendingOverdue: c.pending_overdue,
    paused: c.paused,
    returned: c.returned,
    withdrawnOrStopped: c.withdrawn_or_stopped,
    lateApologies: c.late_apologies,
    onTimeRate: rate(c.early + c.on_time, c.resolved),
    rate766: rate(c.on_time_766, c.resolved),
  };
}

const SUMMARY_COLUMNS: Column<SummaryRow>[] = [
  { header: 'key', value: (s) => s.key, width: 32 },
  { header: 'carriedOver', value: (s) => s.carriedOver },
  { header: 'received', value: (s) => s.received },
  { header: 'receivedInPerson', value: (s) => s.receivedByChannel.in_person },
  { header: 'receivedPostal', value: (s) => s.receivedByChannel.postal },
  { header: 'receivedOnline', value: (s) => s.receivedByChannel.online },
  { header: 'resolved', value: (s) => s.resolved },
  { header: 'early', value: (s) => s.early },
  { header: 'onTime', value: (s) => s.onTime },
  { header: 'late', value: (s) => s.late },
  { header: 'pending', value: (s) => s.pending },
  { header: 'pendingWithinTime', value: (s) => s.pendingWithinTime },
  { header: 'pendingOverdue', value: (s) => s.pendingOverdue },
  { header: 'paused', value: (s) => s.paused },
  { header: 'returned', value: (s) => s.returned },
  { header: 'withdrawnOrStopped', value: (s) => s.withdrawnOrStopped },
  { header: 'lateApologies', value: (s) => s.lateApologies },
  { header: 'onTimeRate', value: (s) => s.onTimeRate },
  { header: 'rate766', value: (s) => s.rate766 },
];
