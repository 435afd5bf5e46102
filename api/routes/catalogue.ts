import { Router } from 'express';
import { calendarYear, calendarYears, civilDateOf, civilYear, proceduresInForce } from '../../db/catalogue';
import { unitsOn } from '../../db/units';
import { provisionalWarnings } from '../../domain/calendar';
import { RECEPTION_UNIT_KINDS } from '../../domain/roles';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { requireRole } from '../auth';
import { announceCalendarYear } from '../calendar-change';
import { CalendarYearBody, CalendarYearPath, DueDateQuery, HolidaysQuery } from '../schemas';
import { withDeadline } from '../temporal-calls';

/** Catalogue and calendar (any staff token). */
export function catalogueRoutes(ctx: AppContext): Router {
  const r = Router();

  // Both as they are today (units over time: closed and not yet opened units are left out).
  r.get('/branches', async (_req, res) => {
    const units = await unitsOn(ctx.db, civilDateOf(), RECEPTION_UNIT_KINDS);
    res.json(units.map((u) => ({ id: u.unitId, name: u.name, kind: u.kind, ...(u.parentId && u.kind === 'reception_point' ? { parentId: u.parentId } : {}) })));
  });

  r.get('/departments', async (_req, res) => {
    const units = await unitsOn(ctx.db, civilDateOf(), ['department', 'commune']);
    res.json(units.map((u) => ({ id: u.unitId, name: u.name, level: u.kind === 'commune' ? 'commune' : 'city' })));
  });

  r.get('/procedures', async (_req, res) => {
    const { calendar } = await ctx.calendar.current();
    const procedures = await proceduresInForce(ctx.db, calendar.civilDate(new Date()));
    res.json(
      procedures.map((p) => ({
        code: p.code,
        name: p.name,
        departmentId: p.departmentId,
        processingTime: p.processingTime,
        requiredDocuments: p.requiredDocuments.map((d) => ({
          code: d.code,
          name: d.name,
          requirement: d.requirement,
          ...(d.condition ? { condition: d.condition } : {}),
          ...(d.conditionEn ? { conditionEn: d.conditionEn } : {}),
        })),
        authorityLevel: p.authorityLevel,
        cutoff: p.cutoff,
        legalBasis: p.legalBasis,
        fee: { amount: p.fee.amount, note: p.fee.note, collectedAt: p.fee.collectedAt, payBeforeProcessing: p.fee.payBeforeProcessing },
      })),
    );
  });

  r.get('/calendar/holidays', async (req, res) => {
    const { year } = HolidaysQuery.parse(req.query);
    res.json(await calendarYear(ctx.db, year));
  });

  // Every year the calendar knows, official or proposed; the current and next year warn while provisional.
  r.get('/calendar/years', async (_req, res) => {
    const now = new Date();
    const { data } = await ctx.calendar.current();
    const warnings = new Map(provisionalWarnings(data, civilYear(now)).map((w) => [w.year, w.message]));
    const years = await calendarYears(ctx.db, now);
    res.json(years.map((y) => ({ ...y, ...(warnings.has(y.year) ? { warning: warnings.get(y.year) } : {}) })));
  });

  r.put('/calendar/years/:year', requireRole('admin'), async (req, res) => {
    const { year } = CalendarYearPath.parse(req.params);
    const body = CalendarYearBody.parse(req.body);
    let result;
    try {
      result = await withDeadline(ctx.client, ctx.config.temporalTimeoutMs, () =>
        announceCalendarYear({ db: ctx.db, client: ctx.client, taskQueue: ctx.config.taskQueue }, { year, ...body }),
      );
    } catch (err) {
      if (err instanceof RangeError) throw new HttpError('invalid_request', err.message);
      throw err;
    } finally {
      ctx.calendar.invalidate();
    }
    res.json(result);
  });

  r.get('/calendar/due-date', async (req, res) => {
    const q = DueDateQuery.parse(req.query);
    const { calendar } = await ctx.calendar.current();
    const receivedAt = new Date(q.receivedAt);
    let dueAt: Date;
    let clockStart: Date;
    if (q.procedureCode !== undefined) {
      const [p] = await proceduresInForce(ctx.db, calendar.civilDate(receivedAt), q.procedureCode);
      if (!p) throw new HttpError('not_found', `No procedure ${q.procedureCode} is in force on that date.`);
      clockStart = calendar.clockStart(receivedAt, p.cutoff);
      dueAt = calendar.dueAt(receivedAt, p.processingTime, p.cutoff);
    } else {
      clockStart = calendar.clockStart(receivedAt, null);
      dueAt = calendar.addWorkingDays(receivedAt, q.workingDays!);
    }
    // Provisional when any day counted lies in a proposed year (domain.md §4).
    res.json({ dueAt: calendar.civilDateTime(dueAt), calendarStatus: calendar.statusBetween(clockStart, dueAt) });
  });

  return r;
}
