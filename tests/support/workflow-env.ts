import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../../activities';
import { calendarYears } from '../../db/seeds/catalogue-data';
import { insertReceipt } from '../../db/dossiers';
import { createCalendar, type CalendarData } from '../../domain/calendar';
import type { DossierWorkflowInput } from '../../domain/dossier';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../config/search-attributes';
import { testServices } from './services';
import { temporal } from '@temporalio/proto';

const { IndexedValueType } = temporal.api.enums.v1;

let installed = false;

/** Temporal's time-skipping test server (Java), run from the cached wrapper that `npm test` resolves. */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  if (!installed) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    installed = true;
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServices().testServerPath } },
  });
  // The test server knows only the built-in search attributes: register ours as the dev server does.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      SEARCH_ATTRIBUTE_DEFINITIONS.map(([name, type]) => [name, type === 'Keyword' ? IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD : IndexedValueType.INDEXED_VALUE_TYPE_DATETIME]),
    ),
  });
  return env;
}

export function dossierWorker(env: TestWorkflowEnvironment, db: Knex, taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities: createActivities(db),
  });
}

/** The official 2025–2026 calendar of the seed. */
export const OFFICIAL_CALENDAR: CalendarData = {
  utcOffsetMinutes: 420,
  officeHours: { weekdays: [1, 2, 3, 4, 5], periods: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }] },
  daysOff: calendarYears.flatMap((y) => y.holidays.map((h) => h.date)),
  makeUpWorkingDays: calendarYears.flatMap((y) => y.makeUpWorkingDays.map((d) => d.date)),
};

let counter = 0;

export interface ReceiptOptions {
  workingDays: number;
  departmentId?: string;
  returnBranchId?: string;
  calendar?: CalendarData;
  supplementPolicy?: 'restart' | 'pause';
  imported?: boolean;
}

/** Records a receipt in PostgreSQL the way the API does, and returns the workflow's input. */
export async function recordedReceipt(db: Knex, receivedAt: Date, opts: ReceiptOptions = { workingDays: 5 }): Promise<DossierWorkflowInput> {
  const calendarData = opts.calendar ?? OFFICIAL_CALENDAR;
  const calendar = createCalendar(calendarData);
  const processingTime = { value: opts.workingDays, unit: 'working_days' as const };
  const dueAt = calendar.dueAt(receivedAt, processingTime, null);
  const code = `TEST.WF-${Date.now().toString(36)}-${String(++counter).padStart(4, '0')}`;
  const actor = { sub: 'clerk-1', role: 'clerk' as const, unitId: 'branch-tay-ho' };
  const departmentId = opts.departmentId ?? 'dept-justice';
  const returnBranchId = opts.returnBranchId ?? 'branch-tay-ho';
  await db.transaction((tx) =>
    insertReceipt(tx, code, {
      procedureCode: 'TEST',
      procedureVersion: '2025-07-01',
      procedureName: 'Thủ tục thử nghiệm',
      departmentId,
      receivingBranchId: 'branch-tay-ho',
      returnBranchId,
      channel: 'in_person',
      applicant: { fullName: 'Trần Thị Bình', idNumber: '001190000001', phone: '0900000001' },
      documents: [],
      note: null,
      receivedAt: receivedAt.toISOString(),
      dueAt: dueAt.toISOString(),
      lookupPinHash: 'scrypt$x$y',
      imported: opts.imported ?? false,
      actor,
    }),
  );
  return {
    code,
    procedure: {
      code: 'TEST',
      name: 'Thủ tục thử nghiệm',
      effectiveFrom: '2025-07-01',
      processingTime,
      cutoff: null,
      supplementPolicy: opts.supplementPolicy ?? 'restart',
      supplementWorkingDays: 15,
      steps: [],
    },
    calendar: calendarData,
    departmentId,
    receivingBranchId: 'branch-tay-ho',
    returnBranchId,
    receivedAt: receivedAt.toISOString(),
    dueAt: dueAt.toISOString(),
    receivedBy: actor,
    imported: opts.imported ?? false,
  };
}
