import fs from 'node:fs';
import path from 'node:path';

/**
 * `domain/` is layered, not a knot: its modules import each other without a cycle (a cycle made
 * deadlines.ts, dossier.ts and timeliness.ts one module in three files), and never outside `domain/` but for
 * zod. Read from the sources, so a new import that closes a cycle fails here.
 */
const dir = path.resolve(__dirname, '..', '..', 'domain');
const modules = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));

function importsOf(name: string): string[] {
  const source = fs.readFileSync(path.join(dir, `${name}.ts`), 'utf8');
  return [...source.matchAll(/^(?:import|export)\b[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
}

test('domain modules import only zod and each other', () => {
  const outside = modules.flatMap((m) => importsOf(m).filter((i) => !i.startsWith('./') && i !== 'zod').map((i) => `${m} → ${i}`));
  expect(outside).toEqual([]);
});

test('domain modules import each other without a cycle', () => {
  const graph = new Map(modules.map((m) => [m, importsOf(m).filter((i) => i.startsWith('./')).map((i) => i.slice(2))]));
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: string, trail: string[]): void => {
    if (state.get(m) === 'done') return;
    if (state.get(m) === 'visiting') {
      cycles.push([...trail.slice(trail.indexOf(m)), m].join(' → '));
      return;
    }
    state.set(m, 'visiting');
    for (const next of graph.get(m) ?? []) visit(next, [...trail, m]);
    state.set(m, 'done');
  };
  for (const m of modules) visit(m, []);
  expect(cycles).toEqual([]);
});
