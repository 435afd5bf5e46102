import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { workflowSource } from '../../worker/workflow-bundle';
import { PATCHES } from '../../workflows/versions';

/**
 * Histories recorded from every released version of the dossier workflow (scripts/record-histories.ts) must
 * replay on the current code: running dossiers replay, so any change to the workflow goes behind patched().
 */
const dir = path.join(__dirname, 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

/** The patches a recorded history ran with: its `core_patch` markers, in the order it recorded them. */
function patchesOf(file: string): string[] {
  const events: { markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: { data?: string }[] }> } }[] =
    JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).events;
  return events.flatMap(({ markerRecordedEventAttributes: m }) => {
    if (m?.markerName !== 'core_patch') return [];
    const data = m.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [JSON.parse(Buffer.from(data, 'base64').toString('utf8')).id as string] : [];
  });
}
const versionOf = (file: string): number => Number(/^v(\d+)-/.exec(file)?.[1]);
const lastVersion = Math.max(...PATCHES.map((p) => p.since));

// The histories required are derived from the list of patches (workflows/versions.ts): every version from the
// first to the newest patch's has recorded histories, each runs exactly the patches of its version, and every
// patch, the lazy ones included, is replayed both ways: by a history that recorded it and one that ran without it.
test.each(Array.from({ length: lastVersion }, (_, i) => i + 1))('version %i has recorded histories, running exactly its patches', (version) => {
  const ofVersion = files.filter((f) => versionOf(f) === version);
  expect(ofVersion.length).toBeGreaterThanOrEqual(3);
  const eager = PATCHES.filter((p) => p.since <= version && !('lazy' in p)).map((p) => p.id);
  const allowed = new Set<string>(PATCHES.filter((p) => p.since <= version).map((p) => p.id));
  for (const file of ofVersion) {
    const recorded = patchesOf(file);
    expect({ file, eager: recorded.filter((id) => !PATCHES.some((p) => p.id === id && 'lazy' in p)) }).toEqual({ file, eager });
    expect({ file, unknown: recorded.filter((id) => !allowed.has(id)) }).toEqual({ file, unknown: [] });
  }
});

test.each(PATCHES.map((p) => [p.id, p] as const))('patch %s is replayed by a history with it and one without it', (id, p) => {
  expect(files.filter((f) => patchesOf(f).includes(id)).length).toBeGreaterThanOrEqual(1);
  expect(files.filter((f) => versionOf(f) < p.since || (versionOf(f) >= p.since && !patchesOf(f).includes(id))).length).toBeGreaterThanOrEqual(1);
});

test('the histories with simultaneous actions and with fees are kept', () => {
  for (const file of ['v4-concurrent-actions.json', 'v5-concurrent-actions.json', 'v5-fee-before-processing.json', 'v5-fee-at-return.json', 'v5-late-apology-rescheduled-missed.json']) {
    expect(files).toContain(file);
  }
});

test('every recorded history replays on the current workflow code', async () => {
  const histories = files.map((file) => ({
    workflowId: file,
    history: temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))),
  }));
  const outcomes: Record<string, string> = {};
  // One bundle for all of them: the one this run's workers use.
  for await (const result of Worker.runReplayHistories({ ...workflowSource(), replayName: 'recorded' }, histories)) {
    outcomes[result.workflowId] = result.error ? String(result.error) : 'ok';
  }
  expect(outcomes).toEqual(Object.fromEntries(files.map((f) => [f, 'ok'])));
});
