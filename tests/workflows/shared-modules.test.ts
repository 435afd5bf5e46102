import fs from 'node:fs';
import vm from 'node:vm';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker';
// The SDK's own reusable V8 context (what a worker runs workflows in), to see what it shares and freezes.
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';

// The bundle's preloaded modules (worker/bundle-options.ts) are what all the workflows of a worker thread share,
// frozen by the SDK. Read from the bundle the workers of this run use (WORKFLOW_BUNDLE_PATH, set by
// tests/support/workflow-bundle.setup.ts), loaded in the SDK's reusable context.

/** The SDK's class, with its context in sight. */
class InspectedCreator extends ReusableVMWorkflowCreator {
  get inspected(): vm.Context {
    return this.context;
  }
}

// Making a context installs the SDK's process-wide handlers (a promise hook, the stack-trace formatter, an
// unhandled-rejection listener) in this jest worker; they are taken out after this file, so no other file
// that jest runs in the same process inherits them.
const creators: InspectedCreator[] = [];
const rejectionListeners = process.listeners('unhandledRejection');
afterAll(async () => {
  for (const creator of creators) await creator.destroy();
  globalHandlers.uninstall();
  for (const listener of process.listeners('unhandledRejection')) if (!rejectionListeners.includes(listener)) process.off('unhandledRejection', listener);
});

type ModuleCache = Record<string, { exports: Record<string, unknown> } | undefined>;

/** As a worker reads a bundle file: the code with its inline source map taken out. */
function readBundle() {
  const path = process.env.WORKFLOW_BUNDLE_PATH!;
  return parseWorkflowCode(fs.readFileSync(path, 'utf8'), path);
}

/** The modules the bundle holds, by webpack id (`./domain/terms.ts`). */
function moduleIds(code: string): string[] {
  return [...new Set([...code.matchAll(/^\/\*\*\*\/ "([^"]+)"/gm)].map((m) => m[1]))];
}

async function sharedContext(): Promise<{ context: vm.Context; cache: ModuleCache; ids: string[] }> {
  const bundle = readBundle();
  const creator = await InspectedCreator.create(bundle, 10_000, new Set(), undefined);
  creators.push(creator);
  return { context: creator.inspected, cache: creator.inspected.__webpack_module_cache__ as ModuleCache, ids: moduleIds(bundle.code) };
}

const isZod = (id: string) => id.startsWith('./node_modules/zod/');
/**
 * An object literal (of this realm or the workflow context's): its prototype's prototype is null. Not a module's
 * namespace (`[object Module]`), whose exports are getters too: zod's would lead the walk through all of zod.
 */
const isPlainObject = (value: object) => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return Object.prototype.toString.call(value) === '[object Object]' && prototype !== null && Object.getPrototypeOf(prototype) === null;
};

test('the workflows of a worker thread share all of zod; our own modules stay each workflow’s', async () => {
  const { cache, ids } = await sharedContext();
  const shared = ids.filter((id) => cache[id] !== undefined);
  expect(ids.filter(isZod).length).toBeGreaterThan(5);
  expect(ids.filter(isZod).filter((id) => cache[id] === undefined)).toEqual([]);
  // (The SDK shares the modules its bundle's entry loads; what it shares of ours is only the preloading module.)
  expect(shared.filter((id) => !id.startsWith('./node_modules/'))).toEqual(['./workflows/shared-zod.ts']);
});

test('no schema a workflow builds checks with one of zod’s shared, frozen regular expressions (a check resets its lastIndex)', async () => {
  const { context, cache, ids } = await sharedContext();
  vm.runInContext('__TEMPORAL__.importWorkflows()', context);
  // A check's pattern (def.pattern) is what zod writes to; a schema's own _zod.pattern is only read for its source.
  const frozen: string[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown, trail: string): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Object.prototype.toString.call(value) === '[object RegExp]') {
      if (Object.isFrozen(value) && trail.endsWith('.def.pattern')) frozen.push(`${trail}: ${String(value)}`);
      return;
    }
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) walk(descriptor.value, `${trail}.${String(key)}`);
      // A record of schemas built on first use (domain/built-on-first-use.ts, the action bodies): built here as a
      // workflow builds them when it parses, so they are checked too.
      else if (descriptor?.get && descriptor.enumerable && isPlainObject(value)) walk(Reflect.get(value, key), `${trail}.${String(key)}`);
    }
  };
  const ours = ids.filter((id) => id.startsWith('./domain/') || id.startsWith('./workflows/'));
  expect(ours.length).toBeGreaterThan(10);
  for (const id of ours) {
    const exports = cache[id]?.exports ?? {};
    for (const name of Object.keys(exports)) walk(exports[name], `${id} ${name}`);
  }
  expect(seen.size).toBeGreaterThan(300);
  expect(frozen).toEqual([]);
  // And the walk does find one: an e-mail schema of the shared zod checks with zod's own (frozen) pattern.
  const { sharedZod } = cache['./workflows/shared-zod.ts']!.exports as { sharedZod: { email(): unknown } };
  walk({ control: sharedZod.email() }, 'control');
  expect(frozen).toEqual([expect.stringMatching(/^control\.control\._zod\.def\.pattern: /)]);
});

test('a workflow does not build the catalogue’s schemas (its procedures and units): it needs only the terms they are written in', () => {
  const ids = moduleIds(readBundle().code);
  expect(ids).toContain('./domain/terms.ts');
  expect(ids.filter((id) => id === './domain/catalogue.ts' || id === './domain/dossier.ts')).toEqual([]);
});

test('a workflow does not build the schemas of the deadline record it keeps: the deadline rules take only their types', () => {
  const ids = moduleIds(readBundle().code);
  expect(ids).toContain('./domain/deadlines.ts');
  expect(ids).not.toContain('./domain/deadline-state.ts');
});
