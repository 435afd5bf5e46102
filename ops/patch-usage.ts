/**
 * Which open dossiers run which version of the dossier workflow: asks each running dossierWorkflow its
 * version (the `version` query; queries are not recorded, so asking changes nothing) and counts, for every
 * patch of workflows/versions.ts, the dossiers that run with it, without it, and (for a lazy patch) have not
 * yet met the case it decides. A patch may become `deprecatePatch` once its "without" count is 0 (README,
 * "Versions of the dossier workflow"). Dossier codes only, never applicant data.
 */
import type { Client } from '@temporalio/client';
import { PATCHES, type PatchId } from '../workflows/versions';
import { versionQuery } from '../workflows/messages';
import { eachLimited } from './each-limited';
import { runningDossiers } from './running-dossiers';

/** How long listing every open dossier may take. */
const LIST_TIMEOUT_MS = 300_000;

export interface PatchCount {
  id: PatchId;
  since: number;
  with: number;
  without: number;
  notYetAsked: number;
  /** Up to 20 codes of the dossiers that run without it: the ones a retirement waits for. */
  examplesWithout: string[];
}

export interface PatchUsage {
  open: number;
  /** Open dossiers that did not answer (no worker, or a worker whose code cannot replay them). */
  unanswered: { code: string; error: string }[];
  patches: PatchCount[];
}

export async function patchUsage(client: Client, opts: { concurrency?: number; codes?: string[] } = {}): Promise<PatchUsage> {
  const counts = new Map<PatchId, PatchCount>(PATCHES.map((p) => [p.id, { id: p.id, since: p.since, with: 0, without: 0, notYetAsked: 0, examplesWithout: [] }]));
  const codes = [...(await runningDossiers(client, { ...(opts.codes?.length ? { codes: opts.codes } : {}), timeoutMs: LIST_TIMEOUT_MS })).keys()];
  const unanswered: PatchUsage['unanswered'] = [];
  await eachLimited(codes, opts.concurrency ?? 8, async (code) => {
    try {
      const answer = await client.workflow.getHandle(code).query(versionQuery);
      for (const count of counts.values()) {
        const v = answer[count.id];
        if (v === true) count.with++;
        else if (v === false || v === undefined) {
          // A dossier started before the version query existed answers nothing for patches it never knew.
          count.without++;
          if (count.examplesWithout.length < 20) count.examplesWithout.push(code);
        } else count.notYetAsked++;
      }
    } catch (err) {
      unanswered.push({ code, error: err instanceof Error ? err.message : String(err) });
    }
  });
  return { open: codes.length, unanswered, patches: [...counts.values()] };
}

export function formatPatchUsage(usage: PatchUsage): string {
  const rows = usage.patches.map(
    (p) =>
      `${p.id.padEnd(28)} v${p.since}  with ${String(p.with).padStart(7)}  without ${String(p.without).padStart(7)}  not yet asked ${String(p.notYetAsked).padStart(7)}  ${
        p.without === 0 ? 'may be deprecated (deprecatePatch)' : `waits for ${p.without} (e.g. ${p.examplesWithout.slice(0, 3).join(', ')})`
      }`,
  );
  return [`open dossiers: ${usage.open}, unanswered: ${usage.unanswered.length}`, ...rows].join('\n');
}
