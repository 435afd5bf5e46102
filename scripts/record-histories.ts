/**
 * Records event histories of the dossier workflow as it is now, for the replay tests that guard every later
 * change (each change must be behind `patched()`). Run with the services up:
 *   npx tsx scripts/with-services.ts -- npx tsx scripts/record-histories.ts <label>
 * It writes tests/workflows/histories/<label>-<scenario>.json (every scenario, or those named after the label).
 */
import fs from 'node:fs';
import path from 'node:path';
import { calendarYears } from '../db/seeds/catalogue-data';
import { createDb } from '../db/knex';
import { createCalendar, withProposedYears } from '../domain/calendar';
import type { Actor } from '../domain/roles';
import { dossierWorkflow } from '../workflows/dossier';
import { actionUpdates, calendarChangedSignal, receiptUpdate, stateQuery } from '../workflows/messages';
import { dossierWorker, recordedReceipt, timeSkippingEnv } from '../tests/support/workflow-env';

const officer: Actor = { sub: 'officer-1', role: 'officer', unitId: 'dept-justice' };
const officer2: Actor = { sub: 'officer-2', role: 'officer', unitId: 'dept-justice' };
const leader: Actor = { sub: 'leader-1', role: 'leader', unitId: 'dept-justice' };
const clerk: Actor = { sub: 'clerk-1', role: 'clerk', unitId: 'branch-tay-ho' };
const DAY = 86_400_000;

type Action = [keyof typeof actionUpdates, Actor, Record<string, unknown>];
type ReceiptOptions = NonNullable<Parameters<typeof recordedReceipt>[2]>;
const FEE = { amount: 50_000, paid: null };
/** What each scenario's receipt holds beyond the defaults (the API's due-soon setting is given to all). */
const receipts: Record<string, Partial<ReceiptOptions>> = {
  'fee-before-processing': { fee: { ...FEE, collectedAt: 'reception', payBeforeProcessing: true } },
  'fee-at-return': { fee: { ...FEE, collectedAt: 'return', payBeforeProcessing: false } },
};
/** An action, a sleep, actions sent at the same instant (each may be refused), or a day off announced N working days ahead. */
type Step = Action | ['sleep', number] | ['together', Action[]] | ['day-off', number];
const scenarios: Record<string, Step[]> = {
  'full-lifecycle': [
    ['claim', officer, {}],
    ['sleep', 2 * DAY],
    ['submit', officer, { outcome: 'approved', summary: 'Hồ sơ hợp lệ' }],
    ['send-back', leader, { reason: 'Bổ sung ý kiến' }],
    ['reassign', leader, { assignee: 'officer-2', reason: 'cân đối' }],
    ['submit', officer2, { outcome: 'refused', summary: 'Không đủ điều kiện' }],
    ['approve', leader, { note: 'Đồng ý' }],
    ['sleep', DAY],
    ['return', clerk, {}],
  ],
  'late-result': [
    ['claim', officer, {}],
    ['submit', officer, { outcome: 'approved', summary: 'ok' }],
    ['sleep', 20 * DAY],
    ['approve', leader, {}],
    ['return', clerk, {}],
  ],
  withdrawn: [
    ['claim', officer, {}],
    ['withdraw', clerk, { reason: 'Công dân xin rút' }],
  ],
  'supplement-apology-escalation': [
    ['claim', officer, {}],
    ['request-supplement', officer, { reason: 'Thiếu giấy tờ', documents: ['giay-to'] }],
    ['sleep', DAY],
    ['supplement', clerk, { documents: [{ code: 'giay-to' }] }],
    ['sleep', 7 * DAY],
    ['apologize', leader, { newDueAt: 'LATER', reason: 'Cần thêm thời gian' }],
    ['submit', officer, { outcome: 'approved', summary: 'ok' }],
    ['sleep', 10 * DAY],
    ['approve', leader, {}],
    ['return', clerk, {}],
  ],
  // Fees (patch fees): the fee comes before processing and is paid two days after the receipt; the clock starts then.
  'fee-before-processing': [
    ['sleep', 2 * DAY],
    ['pay-fee', clerk, { amount: 50_000, receiptNumber: 'AA/26E-0000001' }],
    ['claim', officer, {}],
    ['submit', officer, { outcome: 'approved', summary: 'ok' }],
    ['approve', leader, {}],
    ['return', clerk, {}],
  ],
  // Fees collected at return: the return waits for the payment.
  'fee-at-return': [
    ['claim', officer, {}],
    ['submit', officer, { outcome: 'approved', summary: 'ok' }],
    ['approve', leader, {}],
    ['pay-fee', clerk, { amount: 50_000, receiptNumber: 'AA/26E-0000002' }],
    ['return', clerk, {}],
  ],
  // The rules by the appointment (patch overdue-by-rules): a late apology, then the rescheduled appointment missed.
  'late-apology-rescheduled-missed': [
    ['claim', officer, {}],
    ['sleep', 8 * DAY],
    ['apologize', leader, { newDueAt: 'LATER', reason: 'Cần thêm thời gian' }],
    ['sleep', 10 * DAY],
    ['submit', officer, { outcome: 'approved', summary: 'ok' }],
    ['approve', leader, {}],
    ['return', clerk, {}],
  ],
  // A day off announced between the appointment and the applicant's supplement deadline moves only the latter
  // (patch calendar-moves-supplement, recorded lazily where a calendar change first meets that case).
  'calendar-moves-supplement': [
    ['claim', officer, {}],
    ['request-supplement', officer, { reason: 'Thiếu giấy tờ', documents: ['giay-to'] }],
    ['day-off', 10],
    ['sleep', DAY],
    ['supplement', clerk, { documents: [{ code: 'giay-to' }] }],
    ['submit', officer, { outcome: 'approved', summary: 'ok' }],
    ['approve', leader, {}],
    ['return', clerk, {}],
  ],
  'concurrent-actions': [
    ['together', [['claim', officer, {}], ['claim', officer2, {}], ['claim', officer, {}]]],
    ['together', [['reassign', leader, { assignee: 'officer-2', reason: 'một' }], ['reassign', leader, { assignee: 'officer-1', reason: 'hai' }]]],
    ['together', [['submit', officer, { outcome: 'approved', summary: 'ok' }], ['reassign', leader, { assignee: 'officer-2', reason: 'ba' }]]],
    ['together', [['submit', officer, { outcome: 'approved', summary: 'ok' }], ['submit', officer2, { outcome: 'approved', summary: 'ok' }]]],
    ['together', [['approve', leader, {}], ['send-back', leader, { reason: 'xem lại' }]]],
    ['together', [['withdraw', clerk, { reason: 'Công dân xin rút' }], ['withdraw', clerk, { reason: 'lần hai' }]]],
  ],
};

async function main(): Promise<void> {
  const [label, ...only] = process.argv.slice(2);
  if (!label || !/^[\w.-]+$/.test(label)) throw new Error('usage: record-histories.ts <label> [scenario…]');
  const env = await timeSkippingEnv();
  const db = createDb(process.env.DATABASE_URL!);
  const worker = await dossierWorker(env, db, 'record-histories');
  const outDir = path.resolve(__dirname, '..', 'tests', 'workflows', 'histories');
  await worker.runUntil(async () => {
    for (const [name, steps] of Object.entries(scenarios).filter(([n]) => !only.length || only.includes(n))) {
      const now = new Date(await env.currentTimeMs());
      // The calendar as the API gives it: the loaded years and, for the years not loaded, their proposals.
      const loaded = calendarYears.map((y) => ({ year: y.year, daysOff: y.holidays.map((h) => h.date), makeUpWorkingDays: y.makeUpWorkingDays.map((d) => d.date) }));
      const calendar = withProposedYears(loaded, now.getUTCFullYear());
      const input = await recordedReceipt(db, now, { workingDays: 5, dueSoonWorkingDays: 2, calendar, ...receipts[name] });
      const handle = await env.client.workflow.start(dossierWorkflow, { workflowId: input.code, taskQueue: 'record-histories', args: [input] });
      await handle.executeUpdate(receiptUpdate);
      for (const step of steps) {
        if (step[0] === 'sleep') await env.sleep(step[1]);
        else if (step[0] === 'day-off') {
          const working = createCalendar(calendar);
          let date = working.civilDate(new Date(await env.currentTimeMs()));
          for (let i = 0; i < step[1]; i++) date = working.nextWorkingDay(date);
          await handle.signal(calendarChangedSignal, { ...calendar, daysOff: [...calendar.daysOff, date] });
        }
        else if (step[0] === 'together') {
          await Promise.allSettled(step[1].map(([name, actor, body]) => handle.executeUpdate(actionUpdates[name], { args: [{ actor, body }] })));
        } else {
          // An apology names a new appointment: a week after the one in force.
          const body = step[2].newDueAt === 'LATER' ? { ...step[2], newDueAt: new Date(new Date((await handle.query(stateQuery)).dueAt).getTime() + 7 * DAY).toISOString() } : step[2];
          await handle.executeUpdate(actionUpdates[step[0]], { args: [{ actor: step[1], body }] });
        }
      }
      // (describe, not result(): awaiting a result lets the test server skip years ahead.)
      // Bounded: a history that is still running replays as well (the first versions could wedge on races).
      for (let i = 0; i < 120 && (await handle.describe()).status.name === 'RUNNING'; i++) await env.sleep(1_000);
      const history = await handle.fetchHistory();
      const file = path.join(outDir, `${label}-${name}.json`);
      // protobufjs's own JSON form; tests/workflows/replay.test.ts reads it back with History.fromObject.
      fs.writeFileSync(file, JSON.stringify(history) + '\n');
      console.log(`wrote ${path.relative(process.cwd(), file)} (${history.events?.length} events)`);
    }
  });
  await env.teardown();
  await db.destroy();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
