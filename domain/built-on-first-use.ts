/**
 * A record whose members are built the first time they are read, then kept: for the schemas a module exports
 * by name of which a workflow uses a few. The SDK evaluates the workflow bundle's modules anew for every
 * workflow it creates (a reusable V8 context with each workflow's own modules), so a member a workflow never
 * reads is never built, and weighs nothing in the worker's cache. Members are enumerable, as in a literal.
 */
export function builtOnFirstUse<T extends Record<string, () => unknown>>(builders: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const record = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(builders) as (keyof T & string)[]) {
    let built: ReturnType<T[typeof key]> | undefined;
    Object.defineProperty(record, key, { enumerable: true, get: () => (built ??= builders[key]() as ReturnType<T[typeof key]>) });
  }
  return record;
}
