/**
 * Pre-builds the workflow bundle for production (the second half of `npm run build`): the worker then loads
 * dist/workflow-bundle.js (worker/create-worker.ts) instead of running webpack over the workflow sources on
 * every start. Run from source with tsx, so it bundles workflows/*.ts directly.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

async function bundle(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
  });
  // dist/worker/create-worker.js looks for path.resolve(__dirname, '..', 'workflow-bundle.js'), i.e. here.
  const codePath = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');
  await mkdir(path.dirname(codePath), { recursive: true });
  await writeFile(codePath, code);
  console.log(`Workflow bundle written to ${codePath} (${(code.length / 1024).toFixed(0)} KiB)`);
}

bundle().catch((err) => {
  console.error(err);
  process.exit(1);
});
