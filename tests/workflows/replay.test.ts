import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Histories recorded from every released version of the dossier workflow (scripts/record-histories.ts) must
 * replay on the current code: running dossiers replay, so any change to the workflow goes behind patched().
 */
const dir = path.join(__dirname, 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(3);
});

test.each(files)('%s replays on the current workflow code', async (file) => {
  const history = temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  await expect(
    Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows'), replayName: file }, history, file),
  ).resolves.toBeUndefined();
});
