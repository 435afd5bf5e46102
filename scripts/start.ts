/**
 * `npm start`: PostgreSQL (embedded, unless DATABASE_URL), the Temporal dev server with its web UI (unless
 * TEMPORAL_ADDRESS), the worker and the API, on one machine. Data lives under DATA_DIR (default .data/) and
 * survives a restart. Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { jwtSecret, readEnv } from '../config/env';
import { preferredPort, startEmbeddedPostgres, startTemporalDevServer, stopChild, waitFor, type RunningService } from './lib/local-services';
import { prepareDatabase } from './lib/prepare-database';

const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(root, '.data'));
  const services: RunningService[] = [];
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    for (const c of children.reverse()) await stopChild(c);
    for (const s of services.reverse()) await s.stop().catch((e) => console.error(String(e)));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const pg = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres({ dataDir, port: await preferredPort(54329), database: 'motcua' });
  services.push(pg);
  const temporal = process.env.TEMPORAL_ADDRESS
    ? { url: process.env.TEMPORAL_ADDRESS, uiUrl: null, stop: async () => {} }
    : await startTemporalDevServer({ dataDir, port: await preferredPort(7233), uiPort: await preferredPort(8233), namespace: 'default' });
  services.push(temporal);
  await prepareDatabase(pg.url);

  const env = readEnv({ ...process.env, DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.url });
  const port = await preferredPort(env.PORT);
  const childEnv = { ...process.env, DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.url, PORT: String(port) };
  const run = (file: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, file)], { stdio: 'inherit', env: childEnv });
    child.on('exit', (code) => {
      if (!stopping) {
        console.error(`${file} exited (${code}); stopping everything.`);
        void stop(1);
      }
    });
    children.push(child);
  };
  run('worker/main.ts');
  run('api/main.ts');
  const api = `http://localhost:${port}`;
  await waitFor(async () => {
    const res = await fetch(`${api}/readyz`);
    if (!res.ok) throw new Error(`readyz ${res.status}`);
  }, 120_000, 'the API');

  const secret = jwtSecret(env);
  console.log(`
Motcua is running.
  API              ${api}/api/v1
  API reference    ${api}/docs   (OpenAPI: ${api}/api/v1/openapi.json)
  Health           ${api}/healthz  ${api}/readyz  ${api}/metrics
  Temporal UI      ${temporal.uiUrl ?? '(external Temporal: ' + temporal.url + ')'}
  Temporal gRPC    ${temporal.url}
  PostgreSQL       ${pg.url.replace(/:[^:@/]*@/, ':***@')}
  Data             ${dataDir}
${secret.isDevDefault ? '  Auth             AUTH_JWT_SECRET is unset: the development secret is in use\n' : ''}
Get a token:  npm run token -- --role clerk --unit branch-cau-giay-thanh-xuan
Press Ctrl-C to stop.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
