/**
 * Pre-builds the workflow bundle for production (the second half of `npm run build`): the worker then loads
 * dist/workflow-bundle.js (worker/workflow-bundle.ts) instead of running webpack over the workflow sources on
 * every start. Run from source with tsx, so it bundles workflows/*.ts directly.
 */
import path from 'node:path';
import { writeWorkflowBundle } from '../worker/workflow-bundle';

// dist/worker/workflow-bundle.js looks for path.resolve(__dirname, '..', 'workflow-bundle.js'), i.e. here.
const codePath = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');
writeWorkflowBundle(codePath).then(
  (bytes) => console.log(`Workflow bundle written to ${codePath} (${(bytes / 1024).toFixed(0)} KiB)`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
