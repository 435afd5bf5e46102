/**
 * Runs a command (the test suite) against fresh real services: an embedded PostgreSQL and a Temporal CLI dev
 * server, both on free loopback ports and thrown away afterwards. DATABASE_URL / TEMPORAL_ADDRESS, when set,
 * are used instead. Usage: tsx scripts/with-services.ts -- <command> [args…]
 *
 * Nothing outlives this runner, even SIGKILLed: the servers and the command get a parent-death signal
 * (spawnGuarded), so a killed `npm test` leaves no Temporal dev server or PostgreSQL behind. What SIGKILL
 * leaves is the temp dir, which the next run sweeps when its owner is gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, postgresDataDir, spawnGuarded, startEmbeddedPostgres, startTemporalDevServer, testServerPath, type RunningService } from './lib/local-services';
import { prepareDatabase } from './lib/prepare-database';

async function main(): Promise<number> {
  const sep = process.argv.indexOf('--');
  const command = sep >= 0 ? process.argv.slice(sep + 1) : [];
  if (command.length === 0) throw new Error('usage: with-services.ts -- <command> [args…]');
  sweepLeftovers();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-test-'));
  fs.writeFileSync(path.join(dataDir, 'owner.pid'), String(process.pid));
  const services: RunningService[] = [];
  const started = Date.now();
  try {
    const [pgPort, temporalPort] = [await freePort(), await freePort()];
    const [pg, temporal] = await Promise.all([
      process.env.DATABASE_URL
        ? Promise.resolve({ url: process.env.DATABASE_URL, stop: async () => {} })
        : startEmbeddedPostgres({ dataDir, port: pgPort, database: 'motcua_test' }),
      process.env.TEMPORAL_ADDRESS
        ? Promise.resolve({ url: process.env.TEMPORAL_ADDRESS, uiUrl: null, stop: async () => {} })
        : startTemporalDevServer({ dataDir, port: temporalPort, uiPort: null, namespace: 'default' }),
    ]);
    services.push(pg, temporal);
    await prepareDatabase(pg.url);
    const env = {
      ...process.env,
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.url,
      TEMPORAL_TEST_SERVER: testServerPath(),
      MOTCUA_TEST_SERVICES: '1',
      // Tests print their own failures; the app's info lines (notifications, requests) would bury them.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    };
    console.log(`services ready in ${((Date.now() - started) / 1000).toFixed(1)} s: PostgreSQL ${pg.url.replace(/:[^:@/]*@/, ':***@')}, Temporal ${temporal.url}`);
    return await new Promise<number>((resolve) => {
      const child = spawnGuarded(command[0], command.slice(1), { stdio: 'inherit', env, deathSignal: 'SIGTERM' });
      const forward = (sig: NodeJS.Signals) => child.kill(sig);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    for (const s of services.reverse()) await s.stop().catch((e) => console.error(`stopping a service: ${String(e)}`));
    // PostgreSQL's folder is outside the temp dir when its user could not reach the temp dir (postgresDataDir)
    const pgDir = postgresDataDir(dataDir);
    if (!process.env.DATABASE_URL && !pgDir.startsWith(dataDir + path.sep)) fs.rmSync(path.dirname(pgDir), { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Temp dirs of earlier runs that were killed (their owner process is gone). */
function sweepLeftovers(): void {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (!entry.startsWith('motcua-test-')) continue;
    const dir = path.join(os.tmpdir(), entry);
    try {
      const owner = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
      if (owner > 0 && alive(owner)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // no owner file (an older runner, or one just starting): not ours to judge
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
