/**
 * `npm start`: PostgreSQL (embedded, unless DATABASE_URL), the Temporal dev server with its web UI (unless
 * TEMPORAL_ADDRESS), the worker and the API, on one machine. Data lives under DATA_DIR (default .data/) and
 * survives a restart. Each of them that dies is started again, with a pause that grows from 1 s to 30 s
 * (scripts/lib/supervisor.ts). Where they run is written to DATA_DIR/services.json for the operators'
 * scripts. Ctrl-C stops everything; nothing started here outlives this process, even a killed one.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { jwtSecret, readEnv } from '../config/env';
import { dataDir as defaultDataDir, removeLocalServices, writeLocalServices } from '../config/local-services';
import { exitOf, postgresDataDir, preferredPort, spawnGuarded, startEmbeddedPostgres, startTemporalDevServer, stopChild, waitFor } from './lib/local-services';
import { prepareDatabase } from './lib/prepare-database';
import { demoStaffLines } from './lib/demo-staff';
import { supervise, type Instance, type Supervised } from './lib/supervisor';

const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const dataDir = defaultDataDir();
  const supervised: Supervised[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    removeLocalServices(dataDir, process.pid);
    for (const s of supervised.reverse()) await s.stop().catch((e) => console.error(String(e)));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const keep = async (name: string, start: () => Promise<Instance>) => {
    const s = await supervise(name, start, { active: () => !stopping });
    supervised.push(s);
  };
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const port = await preferredPort(54329);
    const options = { dataDir, port, database: 'motcua' };
    databaseUrl = `postgres://motcua:motcua@127.0.0.1:${port}/motcua`;
    await keep('PostgreSQL', () => startEmbeddedPostgres(options));
  }
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let temporalUi: string | null = null;
  if (!temporalAddress) {
    const options = { dataDir, port: await preferredPort(7233), uiPort: await preferredPort(8233), namespace: 'default' };
    temporalAddress = `127.0.0.1:${options.port}`;
    temporalUi = `http://127.0.0.1:${options.uiPort}`;
    await keep('the Temporal dev server', () => startTemporalDevServer(options));
  }
  await prepareDatabase(databaseUrl);

  const env = readEnv({ ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress });
  const demo = await demoStaffLines(databaseUrl, env);
  const port = await preferredPort(env.PORT);
  const childEnv = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, PORT: String(port) };
  const node = (file: string) => async (): Promise<Instance> => {
    const child = spawnGuarded(process.execPath, ['--import', 'tsx', path.join(root, file)], { stdio: 'inherit', env: childEnv, deathSignal: 'SIGTERM' });
    return { exited: exitOf(child), stop: () => stopChild(child) };
  };
  buildConsole();
  await keep('the worker', node('worker/main.ts'));
  await keep('the API', node('api/main.ts'));
  const api = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    const res = await fetch(`${api}/readyz`);
    if (!res.ok) throw new Error(`readyz ${res.status}`);
  }, 120_000, 'the API');
  writeLocalServices({
    pid: process.pid,
    startedAt: new Date().toISOString(),
    databaseUrl,
    temporalAddress,
    temporalNamespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TASK_QUEUE,
    apiUrl: api,
    dataDir,
  });

  const secret = jwtSecret(env);
  const pgDir = process.env.DATABASE_URL ? null : postgresDataDir(dataDir);
  const pgElsewhere = pgDir && !pgDir.startsWith(dataDir + path.sep) ? pgDir : null;
  console.log(`
Motcua is running.
  Console          ${api}/   (sign in as one of the demo staff below)
  Citizens         ${api}/tra-cuu
  API              ${api}/api/v1
  API reference    ${api}/docs   (OpenAPI: ${api}/api/v1/openapi.json)
  Health           ${api}/healthz  ${api}/readyz  ${api}/metrics
  Temporal UI      ${temporalUi ?? '(external Temporal: ' + temporalAddress + ')'}
  Temporal gRPC    ${temporalAddress}
  PostgreSQL       ${databaseUrl.replace(/:[^:@/]*@/, ':***@')}${pgElsewhere ? `\n                   its data in ${pgElsewhere} (PostgreSQL's own user cannot enter ${dataDir})` : ''}
  Data             ${dataDir}   (services.json there tells the operators' scripts where all this runs)
${secret.isDevDefault ? '  Auth             AUTH_JWT_SECRET is unset: the development secret is in use\n' : ''}
${demo.length ? demo.join('\n') + `\nSign in:      curl -c cookies -H 'Content-Type: application/json' -d '{"username":"demo-clerk","password":"…"}' ${api}/api/v1/auth/login\n` : ''}Get a token:  npm run token -- --role clerk --unit branch-cau-giay-thanh-xuan
Check it:     npm run check-consistency
A worker, API, PostgreSQL or Temporal that dies is restarted (1 s, then up to 30 s apart). Press Ctrl-C to stop.`);
}

/** The console's static build (console/dist), which the API serves at /: a couple of seconds with Vite. */
function buildConsole(): void {
  const started = Date.now();
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', path.join(root, 'console'), '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
  if (run.status !== 0) throw new Error(`building the console failed (exit ${run.status}): npm run console:build shows why`);
  console.log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error(err);
  // what did start is stopped with this process (parent-death signal)
  process.exit(1);
});
