/**
 * The supervisors' queries at scale: loads N synthetic dossiers (scripts/seed-synthetic.ts) into the bench's
 * PostgreSQL, then times the overdue list and a month's summary by competent authority over HTTP, one
 * request at a time, and shows the query plans they rely on (EXPLAIN ANALYZE of the SQL they ran).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Knex } from 'knex';
import { signStaffToken } from '../../api/auth';
import { summarize, type LatencySummary } from './stats';

export interface ReportsResult {
  dossiers: number;
  seedSeconds: number;
  requests: number;
  queries: Record<string, LatencySummary & { path: string }>;
  plans: Record<string, string[]>;
}

const root = path.resolve(__dirname, '..', '..');

function seed(databaseUrl: string, dossiers: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'seed-synthetic.ts'), '--dossiers', String(dossiers), '--seed', '7'], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed-synthetic exited with ${code}`))));
  });
}

/** The last full calendar month before today, as the summary's period. */
function lastMonth(now: Date): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // this month, 0-based; the previous one is m-1
  const first = new Date(Date.UTC(y, m - 1, 1));
  const last = new Date(Date.UTC(y, m, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

export async function runReports(opts: {
  db: Knex;
  databaseUrl: string;
  baseUrl: string;
  jwtSecret: string;
  dossiers: number;
  requests: number;
}): Promise<ReportsResult> {
  const began = Date.now();
  await seed(opts.databaseUrl, opts.dossiers);
  const seedSeconds = (Date.now() - began) / 1000;

  const center = await signStaffToken(opts.jwtSecret, { sub: 'bench-supervisor', role: 'supervisor', unitId: 'center' });
  const leader = await signStaffToken(opts.jwtSecret, { sub: 'bench-leader', role: 'leader', unitId: 'dept-finance' });
  const { from, to } = lastMonth(new Date());
  const queries: [string, string, string][] = [
    ['overdue list (center, first page)', '/api/v1/reports/overdue', center],
    ['overdue list (a department)', '/api/v1/reports/overdue?departmentId=dept-finance', leader],
    [`month summary by authority (${from.slice(0, 7)}, center)`, `/api/v1/reports/summary?from=${from}&to=${to}&groupBy=department`, center],
    [`month summary by branch (${from.slice(0, 7)}, center)`, `/api/v1/reports/summary?from=${from}&to=${to}&groupBy=branch`, center],
  ];
  const get = async (url: string, token: string) => {
    const res = await fetch(`${opts.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };

  const result: ReportsResult = { dossiers: opts.dossiers, seedSeconds, requests: opts.requests, queries: {}, plans: {} };
  for (const [name, url, token] of queries) {
    for (let i = 0; i < 5; i++) await get(url, token); // warm the caches
    const samples: number[] = [];
    for (let i = 0; i < opts.requests; i++) {
      const t0 = performance.now();
      await get(url, token);
      samples.push(performance.now() - t0);
    }
    result.queries[name] = { ...summarize(samples), path: url };

    // The plan of the SQL the request ran (the last statement it sent that reads dossiers).
    const seen: { sql: string; bindings: readonly unknown[] }[] = [];
    const listen = (q: { sql: string; bindings?: readonly unknown[] }) => {
      if (/\bdossiers\b/.test(q.sql)) seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
    };
    opts.db.on('query', listen);
    try {
      await get(url, token);
    } finally {
      opts.db.removeListener('query', listen);
    }
    const last = seen[seen.length - 1];
    if (last) result.plans[name] = await explain(opts.db, last.sql, last.bindings);
  }
  return result;
}

/** EXPLAIN ANALYZE of a statement as knex sent it (`?` placeholders), on a connection of the pool. */
async function explain(db: Knex, sql: string, bindings: readonly unknown[]): Promise<string[]> {
  const client = db.client as { positionBindings(sql: string): string; acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> };
  const connection = (await client.acquireConnection()) as { query(text: string, values: unknown[]): Promise<{ rows: Record<string, string>[] }> };
  try {
    const res = await connection.query(`explain (analyze, buffers) ${client.positionBindings(sql)}`, [...bindings]);
    return res.rows.map((r) => r['QUERY PLAN']);
  } catch (err) {
    return [`(no plan: ${err instanceof Error ? err.message : String(err)})`, sql.slice(0, 500)];
  } finally {
    await client.releaseConnection(connection);
  }
}

export function formatReports(r: ReportsResult): string {
  const lines = [
    '',
    `reports at ${r.dossiers.toLocaleString('en')} dossiers (loaded in ${r.seedSeconds.toFixed(0)} s), ${r.requests} sequential requests each`,
    '  query                                              p50 ms   p99 ms   max ms',
  ];
  for (const [name, q] of Object.entries(r.queries)) {
    lines.push(`  ${name.padEnd(50)} ${q.p50.toFixed(1).padStart(7)} ${q.p99.toFixed(1).padStart(8)} ${q.max.toFixed(1).padStart(8)}`);
  }
  for (const [name, plan] of Object.entries(r.plans)) {
    lines.push('', `plan: ${name}`, ...plan.map((l) => `  ${l}`));
  }
  return lines.join('\n');
}
