/**
 * What a chaos run must leave behind: every dossier returned, its history whole (seqs 1..n, each action
 * once), no open task, the workflows completed and agreeing with the read model (ops/consistency.ts), no
 * workflow without its dossier, no other dossier, and no gap in the dossier codes.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { checkConsistency, formatDifference } from '../../ops/consistency';
import { eachLimited } from '../../ops/each-limited';
import { DOSSIER_WORKFLOW_TYPE } from '../../workflows/messages';
import { parseDossierCode } from '../../domain/dossier-code';
import type { LoadResult } from './load';

export interface Check {
  name: string;
  ok: boolean;
  /** what is wrong, one line each (codes, seqs, statuses; never applicant data) */
  problems: string[];
}

const EXPECTED_ACTIONS = ['receive', 'transfer', 'claim', 'submit', 'approve', 'return'];
const LIST = 20;

/** A check's verdict, logged as it is made (the first problems listed). */
export function reportCheck({ name, problems }: { name: string; problems: string[] }, log: (line: string) => void): Check {
  log(`  ${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}${problems.length ? `: ${problems.length} problem(s)` : ''}`);
  for (const p of problems.slice(0, LIST)) log(`         ${p}`);
  if (problems.length > LIST) log(`         … and ${problems.length - LIST} more (--out FILE has them all)`);
  return { name, ok: problems.length === 0, problems };
}

export async function verify(db: Knex, client: Client, load: LoadResult, expected: number, log: (line: string) => void): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, problems: string[]) => void checks.push(reportCheck({ name, problems }, log));
  const codes = load.dossiers.map((d) => d.code).filter((c): c is string => c !== null);

  check(
    `every one of the ${expected} dossiers was received and returned`,
    [
      ...(load.dossiers.length < expected ? [`${expected - load.dossiers.length} dossiers never started (the run was cut short)`] : []),
      ...load.dossiers.filter((d) => !d.returned).map((d) => `dossier #${d.index} ${d.code ?? '(no code)'}: ${d.stuck}`),
    ],
  );

  const rows: { code: string; status: string; last_seq: number }[] = await db('dossiers').select('code', 'status', 'last_seq');
  const byCode = new Map(rows.map((r) => [r.code, r]));
  check(
    'the read model has every dossier returned, and no other dossier',
    [
      ...codes.filter((c) => byCode.get(c)?.status !== 'returned').map((c) => `${c}: ${byCode.get(c)?.status ?? 'no row'}`),
      ...rows.filter((r) => !codes.includes(r.code)).map((r) => `${r.code}: a dossier no client was answered with (${r.status})`),
    ],
  );

  const events: { dossier_code: string; seq: number; action: string }[] = await db('dossier_events').select('dossier_code', 'seq', 'action').orderBy(['dossier_code', 'seq']);
  const history = new Map<string, { seq: number; action: string }[]>();
  for (const e of events) history.set(e.dossier_code, [...(history.get(e.dossier_code) ?? []), e]);
  const historyProblems: string[] = [];
  for (const code of codes) {
    const h = history.get(code) ?? [];
    const seqs = h.map((e) => e.seq);
    if (!seqs.every((s, i) => s === i + 1)) historyProblems.push(`${code}: seqs ${seqs.join(',')} are not 1..${seqs.length}`);
    const last = byCode.get(code)?.last_seq;
    if (last !== undefined && last !== seqs.length) historyProblems.push(`${code}: last_seq ${last}, ${seqs.length} events`);
    for (const action of EXPECTED_ACTIONS) {
      const n = h.filter((e) => e.action === action).length;
      if (n !== 1) historyProblems.push(`${code}: ${action} ${n} times`);
    }
  }
  check('every history is whole: seqs contiguous, each action exactly once', historyProblems);

  const open: { dossier_code: string; kind: string }[] = await db('tasks').whereNull('closed_at').select('dossier_code', 'kind');
  check('no task left open', open.map((t) => `${t.dossier_code}: open ${t.kind} task`));

  // Workflows: each dossier's completed; none without its dossier (visibility is eventually consistent: polled).
  const workflowProblems: string[] = [];
  await eachLimited(codes, 8, async (code) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const d = await client.withDeadline(Date.now() + 10_000, () => client.workflow.getHandle(code).describe());
        if (d.status.name === 'COMPLETED') return;
        if (d.status.name !== 'RUNNING' || Date.now() > deadline) {
          workflowProblems.push(`${code}: workflow ${d.status.name.toLowerCase()} (read model ${byCode.get(code)?.status ?? 'no row'})`);
          return;
        }
      } catch (err) {
        workflowProblems.push(`${code}: ${err instanceof WorkflowNotFoundError ? 'no workflow' : `describe failed: ${String(err)}`}`);
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  });
  check("every dossier's workflow completed", workflowProblems.sort());

  const listed = new Set<string>();
  const visibleBy = Date.now() + 30_000;
  let orphans: string[] = [];
  for (;;) {
    for await (const w of client.workflow.list({ query: `WorkflowType = '${DOSSIER_WORKFLOW_TYPE}'` })) listed.add(w.workflowId);
    orphans = [...listed].filter((id) => !byCode.has(id));
    // visibility may lag: wait until it lists every dossier before judging
    if (codes.every((c) => listed.has(c)) || Date.now() > visibleBy) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  check('no orphan workflow (a workflow with no dossier row)', orphans.sort().map((id) => `${id}: workflow without a dossier`));

  const counters: { code: string; day: string; last: number }[] = await db('dossier_code_counters').join('units', 'units.id', 'dossier_code_counters.unit_id').select('units.code as code', 'dossier_code_counters.day as day', 'dossier_code_counters.last as last');
  const gapProblems: string[] = [];
  for (const c of counters) {
    const taken = new Set(rows.map((r) => parseDossierCode(r.code)).filter((p) => p && p.unitCode === c.code && p.civilDate.slice(2).replace(/-/g, '') === c.day).map((p) => p!.n));
    const missing = Array.from({ length: c.last }, (_, i) => i + 1).filter((n) => !taken.has(n));
    if (missing.length) gapProblems.push(`${c.code}-${c.day}: numbers ${missing.join(', ')} of 1..${c.last} were allocated but have no dossier`);
  }
  check('no gap in the dossier codes', gapProblems);

  // The run's database holds its dossiers only: every one is checked, open or closed.
  const report = await checkConsistency(db, client, { closed: 'all' });
  const withRows = codes.filter((c) => byCode.has(c)).length; // a code with no row is reported above
  check(`check-consistency --closed all (ops/consistency.ts): 0 differences`, [
    ...report.differences.map(formatDifference),
    ...(report.checked < withRows ? [`it looked at ${report.checked} dossiers, fewer than the run's ${withRows}`] : []),
  ]);

  check('no 5xx answer other than 503', load.serverErrors.map((a) => `#${a.dossier} ${a.step} attempt ${a.attempt}${a.repeat ? ' (repeat)' : ''}: ${a.status} ${a.errorCode ?? ''}`));
  check(
    'every repeat with the same Idempotency-Key got the first answer',
    load.differentAnswers.map((x) => `#${x.dossier} ${x.code ?? ''} ${x.step} (key ${x.key}): ${x.what}`),
  );
  check(
    "every request got its step's success in the end",
    load.unexpectedAnswers.map((x) => `#${x.dossier} ${x.code ?? ''} ${x.step} (key ${x.key}): ${x.what}; attempts ${x.attempts.map((a) => a.status ?? 'net').join(',')}`),
  );
  return checks;
}
