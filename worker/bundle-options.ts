/**
 * What a workflow bundle is made of: the workflows, and the module all the workflows of a worker thread share
 * (`preloadModules`): workflows/shared-zod.ts, which loads zod once per thread instead of once per workflow.
 * Every bundle — a worker's, `npm run build`'s, the replay test's, the projection recorder's — is built from
 * these, so what is replayed is what runs. No import: the API reads it without loading the worker package.
 */
export function workflowBundleOptions(): { workflowsPath: string; preloadModules: string[] } {
  return { workflowsPath: require.resolve('../workflows'), preloadModules: [require.resolve('../workflows/shared-zod')] };
}
