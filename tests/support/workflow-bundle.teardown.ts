/** Global teardown of the `workflows` jest project: removes the bundle of workflow-bundle.setup.ts. */
import fs from 'node:fs';
import path from 'node:path';

export default async function removeBundle(): Promise<void> {
  const file = process.env.WORKFLOW_BUNDLE_PATH;
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
