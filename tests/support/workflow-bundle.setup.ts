/**
 * Global setup of the `workflows` jest project: the workflow code is bundled (webpack) once per run, not by
 * every time-skipping test file's Worker.create. On a loaded 2-core machine one bundling took 40 s, and
 * files bundling at once outlasted their beforeAll's 60 s. dossierWorker uses the bundle named by
 * MOTCUA_WORKFLOW_BUNDLE (jest's workers inherit the variable), or bundles itself when it is not set;
 * workflow-bundle.teardown.ts removes the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

export default async function bundleOnce(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-workflows-')), 'workflows.js');
  fs.writeFileSync(file, code);
  process.env.MOTCUA_WORKFLOW_BUNDLE = file;
}
