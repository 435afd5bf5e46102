/**
 * Global setup of the `workflows` jest project: the workflow code is bundled (webpack) once per run, not by
 * every test file's worker. On a loaded 2-core machine one bundling took 40 s, and files bundling at once
 * outlasted their beforeAll's 60 s. Workers take it through WORKFLOW_BUNDLE_PATH (worker/workflow-bundle.ts;
 * jest's workers and the processes tests spawn inherit the variable); workflow-bundle.teardown.ts removes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeWorkflowBundle } from '../../worker/workflow-bundle';

export default async function bundleOnce(): Promise<void> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-workflows-')), 'workflows.js');
  await writeWorkflowBundle(file);
  process.env.WORKFLOW_BUNDLE_PATH = file;
}
