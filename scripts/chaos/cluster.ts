/**
 * The services a chaos run starts and breaks: an embedded PostgreSQL, a Temporal dev server, and the real
 * worker and API processes (worker/main.ts, api/main.ts) — several of each, as a cluster deployment runs them,
 * all on the same Temporal and PostgreSQL — each a child of this process that dies with it (spawnGuarded).
 * Every fault is a method; a worker or API that exits when it was not killed here is logged as such and
 * started again.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  exitOf,
  freePort,
  spawnGuarded,
  startEmbeddedPostgres,
  startTemporalDevServer,
  stopChild,
  waitFor,
  type EmbeddedPostgres,
  type LocalProcess,
} from '../lib/local-services';
import { prepareDatabase } from '../lib/prepare-database';
import { writeWorkflowBundle } from '../../worker/workflow-bundle';

const root = path.resolve(__dirname, '..', '..');

export interface ProcessEvent {
  at: number;
  what: string;
}

/** A worker or API process, restarted as a new incarnation after each kill. */
class NodeService {
  private child: ChildProcess | null = null;
  private incarnation = 0;
  private killing = false;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly file: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
    private readonly ready: (logFile: string) => Promise<void>,
    private readonly events: (what: string) => void,
  ) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts an incarnation and waits until it is up (bounded). */
  async start(): Promise<void> {
    this.incarnation++;
    const logFile = path.join(this.logDir, `${this.name}-${this.incarnation}.log`);
    const fd = fs.openSync(logFile, 'a');
    const child = spawnGuarded(process.execPath, ['--import', 'tsx', this.file], { env: this.env, stdio: ['ignore', fd, fd], deathSignal: 'SIGKILL', cwd: root });
    fs.closeSync(fd);
    this.child = child;
    void exitOf(child).then(() => {
      if (this.killing || this.stopped || this.child !== child) return;
      this.events(`${this.name} (incarnation ${this.incarnation}) exited on its own: ${child.exitCode ?? child.signalCode}; see ${logFile}; restarting it`);
      this.child = null;
      setTimeout(() => {
        if (!this.stopped) void this.start().catch((err: unknown) => this.events(`${this.name} did not restart: ${String(err)}`));
      }, 1_000);
    });
    let gone = false;
    void exitOf(child).then(() => (gone = true));
    await waitFor(async () => {
      if (gone) throw new Error(`the ${this.name} exited (${child.exitCode ?? child.signalCode}) while starting; see ${logFile}`);
      await this.ready(logFile);
    }, 120_000, `the ${this.name} (${logFile})`);
  }

  /** SIGKILL, then a new incarnation; resolves when it is up. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child) {
      this.killing = true;
      child.kill('SIGKILL');
      await exitOf(child);
      this.killing = false;
    }
    await this.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.child) await stopChild(this.child, 5_000);
  }
}

export class Cluster {
  private constructor(
    /** What happened to the processes that this run did not cause (unexpected exits). */
    readonly events: ProcessEvent[],
    readonly dir: string,
    private pg: EmbeddedPostgres,
    private temporal: LocalProcess,
    readonly workers: NodeService[],
    readonly apis: NodeService[],
    readonly apiUrls: string[],
    private readonly temporalPort: number,
    readonly databaseUrl: string,
    readonly temporalAddress: string,
  ) {}

  /** Starts everything in `dir`; `onStarted` registers each part's undo as soon as it runs. */
  static async start(
    dir: string,
    opts: { apis: number; workers: number; temporalTimeoutMs: number; t0: number; log: (line: string) => void },
    onStarted: (what: string, undo: () => Promise<void>) => void,
  ): Promise<Cluster> {
    const logDir = path.join(dir, 'logs');
    fs.mkdirSync(logDir, { recursive: true });
    const [pgPort, temporalPort] = [await freePort(), await freePort()];
    const apiPorts: number[] = [];
    for (let i = 0; i < opts.apis; i++) apiPorts.push(await freePort());
    let cluster: Cluster | null = null;
    // The workflows bundled once, as in production (npm run build): a restarted worker is up in seconds
    // instead of running webpack again, so that a worker killed every 10 s still gets work done.
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    const [pgStarted, temporalStarted, bundled] = await Promise.allSettled([
      startEmbeddedPostgres({ dataDir: dir, port: pgPort, database: 'motcua_chaos', deathSignal: 'SIGQUIT' }).then((s) => {
        onStarted('stop PostgreSQL', () => cluster?.pg.stop() ?? s.stop());
        return s;
      }),
      startTemporalDevServer({ dataDir: dir, port: temporalPort, uiPort: null, namespace: 'default' }).then((s) => {
        onStarted('stop the Temporal dev server', () => cluster?.temporal.stop() ?? s.stop());
        return s;
      }),
      writeWorkflowBundle(bundlePath),
    ]);
    if (pgStarted.status === 'rejected') throw pgStarted.reason;
    if (temporalStarted.status === 'rejected') throw temporalStarted.reason;
    if (bundled.status === 'rejected') throw bundled.reason;
    const pg = pgStarted.value;
    const temporal = temporalStarted.value;
    await prepareDatabase(pg.url);
    const env = {
      ...process.env,
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.url,
      TEMPORAL_NAMESPACE: 'default',
      TASK_QUEUE: 'dossiers',
      TEMPORAL_CALL_TIMEOUT_MS: String(opts.temporalTimeoutMs),
      WORKFLOW_BUNDLE_PATH: bundlePath,
      // info: the worker says when it polls ("worker started"); the logs stay in the temp dir
      LOG_LEVEL: 'info',
    };
    const events: ProcessEvent[] = [];
    const event = (what: string) => {
      events.push({ at: Date.now() - opts.t0, what });
      opts.log(`  ! ${what}`);
    };
    const workers = Array.from({ length: opts.workers }, (_, i) =>
      new NodeService(`worker-${i + 1}`, path.join(root, 'worker', 'main.ts'), env, logDir, async (logFile) => {
        if (!fs.readFileSync(logFile, 'utf8').includes('"msg":"worker started"')) throw new Error('not started yet');
      }, event),
    );
    const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
    const apis = apiPorts.map((port, i) =>
      new NodeService(`api-${i + 1}`, path.join(root, 'api', 'main.ts'), { ...env, PORT: String(port) }, logDir, async () => {
        const res = await fetch(`${apiUrls[i]}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (!res.ok) throw new Error(`healthz ${res.status}`);
      }, event),
    );
    for (const s of [...apis, ...workers]) onStarted(`stop ${s.name}`, () => s.stop());
    await Promise.all([...workers, ...apis].map((s) => s.start()));
    cluster = new Cluster(events, dir, pg, temporal, workers, apis, apiUrls, temporalPort, pg.url, temporal.url);
    return cluster;
  }

  /** SIGTERM (10 s grace, then SIGKILL) and a start on the same port and SQLite file. */
  async restartTemporal(): Promise<void> {
    await this.temporal.stop();
    this.temporal = await startTemporalDevServer({ dataDir: this.dir, port: this.temporalPort, uiPort: null, namespace: 'default' });
  }

  /** An immediate shutdown (SIGQUIT: no checkpoint, crash recovery at the next start), then a start. */
  async restartPostgres(): Promise<void> {
    process.kill(this.pg.pid, 'SIGQUIT');
    await Promise.race([this.pg.exited, new Promise((r) => setTimeout(r, 15_000))]);
    await this.pg.stop(); // SIGKILL if the immediate shutdown did not end it
    this.pg = await startEmbeddedPostgres({ dataDir: this.dir, port: this.pg.port, database: 'motcua_chaos', deathSignal: 'SIGQUIT' });
  }
}
