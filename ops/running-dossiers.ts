import type { Client } from '@temporalio/client';
import { DOSSIER_WORKFLOW_TYPE } from '../workflows/messages';

/** A dossier code as the operators' tools accept it (they are put into visibility queries). */
const CODE_PATTERN = /^[\w.:-]+$/;

export function assertCodes(codes: string[]): void {
  const bad = codes.filter((c) => !CODE_PATTERN.test(c));
  if (bad.length) throw new Error(`not dossier codes: ${bad.map((c) => JSON.stringify(c)).join(', ')}`);
}

/**
 * The running dossier workflows, by code with their start time (visibility: eventually consistent), all of
 * them or only some codes (validated), up to `limit`, within `timeoutMs`.
 */
export async function runningDossiers(client: Client, o: { codes?: string[]; limit?: number; timeoutMs: number }): Promise<Map<string, Date>> {
  if (o.codes) assertCodes(o.codes);
  const base = `WorkflowType = '${DOSSIER_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;
  const queries = o.codes ? chunks(o.codes, 100).map((c) => `${base} AND WorkflowId IN (${c.map((x) => `'${x}'`).join(', ')})`) : [base];
  const found = new Map<string, Date>();
  await client.withDeadline(Date.now() + o.timeoutMs, async () => {
    for (const query of queries) {
      for await (const wf of client.workflow.list({ query })) {
        if (o.limit !== undefined && found.size >= o.limit) return;
        found.set(wf.workflowId, wf.startTime);
      }
    }
  });
  return found;
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
