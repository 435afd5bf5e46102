import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Histories recorded from every released version of the dossier workflow (scripts/record-histories.ts) must
 * replay on the current code: running dossiers replay, so any change to the workflow goes behind patched().
 */
const dir = path.join(__dirname, 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('there are recorded histories of every version to replay', () => {
  expect(files.filter((f) => f.startsWith('v1-')).length).toBeGreaterThanOrEqual(3);
  expect(files.filter((f) => f.startsWith('v2-')).length).toBeGreaterThanOrEqual(3);
  expect(files.filter((f) => f.startsWith('v3-')).length).toBeGreaterThanOrEqual(3);
  // v4: serialised handlers (patch serialised-handlers), with simultaneous actions recorded.
  expect(files.filter((f) => f.startsWith('v4-')).length).toBeGreaterThanOrEqual(4);
  expect(files).toContain('v4-concurrent-actions.json');
  // v5: fees (patch fees) and the rules by the appointment (patch overdue-by-rules), the calendar with proposed years.
  expect(files.filter((f) => f.startsWith('v5-')).length).toBeGreaterThanOrEqual(8);
  for (const scenario of ['fee-before-processing', 'fee-at-return', 'late-apology-rescheduled-missed']) expect(files).toContain(`v5-${scenario}.json`);
});

test('every recorded history replays on the current workflow code', async () => {
  const histories = files.map((file) => ({
    workflowId: file,
    history: temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))),
  }));
  const outcomes: Record<string, string> = {};
  // One bundle for all of them.
  for await (const result of Worker.runReplayHistories({ workflowsPath: require.resolve('../../workflows'), replayName: 'recorded' }, histories)) {
    outcomes[result.workflowId] = result.error ? String(result.error) : 'ok';
  }
  expect(outcomes).toEqual(Object.fromEntries(files.map((f) => [f, 'ok'])));
});
