import { bundleWorkflowCode, DefaultLogger, type WorkerOptions } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { workflowBundleOptions } from './bundle-options';

/**
 * The dossier workflows as one pre-built file (webpack), which a worker loads without bundling them again:
 * `npm run build` writes dist/workflow-bundle.js; the chaos run and the test suite write their own once per run.
 */
export async function writeWorkflowBundle(file: string): Promise<number> {
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
  return code.length;
}

/**
 * Where a worker takes its workflows: the bundle named by WORKFLOW_BUNDLE_PATH, else the one `npm run build`
 * put beside the compiled worker (production), else the sources (bundled at the worker's start: dev, tests).
 */
export function workflowSource(): Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle' | 'bundlerOptions'> {
  const bundle = process.env.WORKFLOW_BUNDLE_PATH ?? path.resolve(__dirname, '..', 'workflow-bundle.js');
  if (fs.existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  const { workflowsPath, preloadModules } = workflowBundleOptions();
  return { workflowsPath, bundlerOptions: { preloadModules } };
}
