/**
 * `npm run chaos`: dossiers through their whole lifecycle over HTTP while the services are broken on
 * purpose, then a check that nothing was lost, duplicated or answered twice differently.
 *
 *  - services: its own embedded PostgreSQL, Temporal dev server, and several worker and API processes (two of
 *    each by default), on free loopback ports in a temp dir (scripts/chaos/cluster.ts); all die with this
 *    process, even a killed one;
 *  - a webhook endpoint subscribed to every dossier event (scripts/chaos/webhook-consumer.ts);
 *  - load: N dossiers, C clients, every request with an Idempotency-Key and retried with it after a 503 or
 *    a network error (scripts/chaos/load.ts);
 *  - faults: a segment without faults, then one segment per fault (scripts/chaos/faults.ts);
 *  - checks: scripts/chaos/verify.ts; a table per segment (scripts/chaos/report.ts).
 *
 * Exit code: 0 when every check passed, 1 when something was lost or answered wrongly (or the run did not
 * finish within --duration-limit), 2 when the run itself could not be carried out.
 */
import { Client, Connection } from '@temporalio/client';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jwtSecret, readEnv } from '../config/env';
import { createDb } from '../db/knex';
import { Teardown } from './bench/environment';
import { Cluster } from './chaos/cluster';
import { runFaults, type Segment } from './chaos/faults';
import { runLoad, type LoadResult, type Progress } from './chaos/load';
import { parseOptions, USAGE, UsageError, type ChaosOptions } from './chaos/options';
import { formatTable, segmentRows } from './chaos/report';
import { reportCheck, verify, type Check } from './chaos/verify';
import { checkDeliveries, WebhookConsumer, type DeliveryFigures } from './chaos/webhook-consumer';
import { signStaffToken } from '../api/auth';

const log = (line: string) => console.log(line);

async function main(): Promise<number> {
  let opts: ChaosOptions | null;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (!opts) {
    console.log(USAGE);
    return 0;
  }
  const o = opts;
  const t0 = Date.now();
  const stopLoad = new AbortController();
  let cutShort: string | null = null;
  const limitMs = o.durationLimitS * 1000;
  // The load stops at the limit; the checks after it are bounded on their own. Past the limit and 3 more
  // minutes the run ends however far it got (its children die with it).
  const limit = setTimeout(() => {
    cutShort = `the duration limit (${o.durationLimitS} s) was reached`;
    log(`\n! ${cutShort}: stopping the clients`);
    stopLoad.abort();
  }, limitMs);
  const hardStop = setTimeout(() => {
    console.error(`chaos: still running ${o.durationLimitS + 180} s after its start; giving up (exit 2)`);
    process.exit(2);
  }, limitMs + 180_000);
  hardStop.unref();
  const onSignal = () => {
    if (stopLoad.signal.aborted) process.exit(130);
    cutShort = 'interrupted';
    log('\n! interrupted: stopping the clients and the services (again to quit at once)');
    stopLoad.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-chaos-'));
  const teardown = new Teardown();
  let keep = o.keep;
  try {
    log(`chaos: ${o.dossiers} dossiers, ${o.clients} clients, ${o.apis} API and ${o.workers} worker processes, faults ${o.faults.join(', ') || 'none'}${o.once ? ' (each once)' : ''}, limit ${o.durationLimitS} s; logs and data in ${dir}`);
    let cluster: Cluster;
    try {
      cluster = await Cluster.start(dir, { apis: o.apis, workers: o.workers, temporalTimeoutMs: o.temporalTimeoutMs, t0, log }, (what, undo) => teardown.add(what, undo));
    } catch (err) {
      keep = true;
      console.error(`chaos: the services did not start: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
    log(`  services up in ${((Date.now() - t0) / 1000).toFixed(1)} s: API ${cluster.apiUrls.join(', ')}, Temporal ${cluster.temporalAddress}`);

    const runId = `chaos-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
    const secret = jwtSecret(readEnv({ ...process.env, DATABASE_URL: cluster.databaseUrl })).secret;
    const consumer = await WebhookConsumer.start(t0);
    teardown.add('stop the webhook endpoint', () => consumer.close());
    await consumer.subscribe(cluster.apiUrls[0], await signStaffToken(secret, { sub: 'chaos-admin', role: 'admin', unitId: 'center' }));
    const progress: Progress = { done: 0 };
    let loadDone = false;
    const loadStarted = Date.now() - t0;
    const loading = runLoad({ apiUrls: cluster.apiUrls, jwtSecret: secret, dossiers: o.dossiers, clients: o.clients, runId, t0, signal: stopLoad.signal, progress }).finally(() => (loadDone = true));
    const faulting = runFaults({
      cluster,
      faults: o.faults,
      dossiers: o.dossiers,
      once: o.once,
      workerEveryMs: o.workerEveryS * 1000,
      faultEveryMs: o.faultEveryS * 1000,
      progress,
      loadDone: () => loadDone,
      signal: stopLoad.signal,
      t0,
      log,
    });
    let load: LoadResult;
    let segments: Segment[];
    try {
      [load, segments] = await Promise.all([loading, faulting]);
    } catch (err) {
      keep = true;
      stopLoad.abort();
      await Promise.allSettled([loading, faulting]);
      console.error(`chaos: the run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return 2;
    }
    clearTimeout(limit);
    const loadMs = Date.now() - t0 - loadStarted;
    log(`\n  load done: ${load.dossiers.filter((d) => d.returned).length}/${o.dossiers} returned in ${(loadMs / 1000).toFixed(1)} s, ${load.attempts.length} requests sent`);
    for (const e of cluster.events) log(`  ! at ${(e.at / 1000).toFixed(1)} s: ${e.what}`);

    log('\nchecks');
    const db = createDb(cluster.databaseUrl, { max: 10 });
    const connection = await Connection.connect({ address: cluster.temporalAddress });
    let checks: Check[];
    let webhook: DeliveryFigures | null = null;
    try {
      checks = await verify(db, new Client({ connection, namespace: 'default' }), load, o.dossiers, log);
      const codes = load.dossiers.map((d) => d.code).filter((c): c is string => c !== null);
      const delivered = await checkDeliveries(db, consumer, codes, o.faults, 180_000);
      for (const c of delivered.checks) checks.push(reportCheck(c, log));
      webhook = delivered.figures;
      log(`  webhook endpoint: ${webhook.events} events, ${webhook.deliveries} deliveries (${webhook.repeats} repeated), all in ${(webhook.caughtUpMs / 1000).toFixed(1)} s after the load`);
    } finally {
      await connection.close();
      await db.destroy();
    }
    if (cutShort) checks.unshift({ name: 'the run finished', ok: false, problems: [cutShort] });
    if (cluster.events.length) checks.push({ name: 'no service exited unless killed by the run', ok: false, problems: cluster.events.map((e) => e.what) });

    const rows = segmentRows(segments, load);
    const returned = load.dossiers.filter((d) => d.returned).length;
    log(`\n${formatTable(rows)}`);
    log(`  overall: ${returned} of ${o.dossiers} dossiers returned in ${(loadMs / 1000).toFixed(1)} s (${(returned / (loadMs / 1000)).toFixed(2)} dossiers/s), ` +
      `${load.attempts.filter((a) => a.attempt > 1).length} retries, ${load.attempts.filter((a) => a.repeat && a.attempt === 1).length} deliberate repeats`);
    const failed = checks.filter((c) => !c.ok);
    log(failed.length === 0 ? '\nchaos: PASSED — nothing lost, duplicated or answered differently' : `\nchaos: FAILED — ${failed.map((c) => c.name).join('; ')}`);
    if (o.out) {
      fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
      fs.writeFileSync(o.out, JSON.stringify({ options: o, runId, segments, table: rows, checks, webhook, events: cluster.events, dossiers: load.dossiers, attempts: load.attempts }, null, 1) + '\n');
      log(`  results written to ${o.out}`);
    }
    if (failed.length) keep = true;
    return failed.length === 0 ? 0 : 1;
  } finally {
    clearTimeout(limit);
    await teardown.run();
    if (keep) log(`  logs and data kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('chaos: failed:', err);
    process.exit(2);
  },
);
