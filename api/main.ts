import { Client, Connection } from '@temporalio/client';
import { applicantMessagesConfig, jwtSecret, oidcConfig, portalConfig, readEnv } from '../config/env';
import { APPLICANT_MESSAGES } from './applicant-messages';
import { nationalPortal } from './portal-destination';
import { ensureDestinations } from './destinations';
import { logger } from '../config/logger';
import { createDb, migrate } from '../db/knex';
import { seedCatalogue } from '../db/seeds/seed-catalogue';
import { createApp } from './app';
import { CalendarStore } from './context';
import { answerMalformedRequests } from './hostile-input';
import { recoverStalledReceipts } from './receipt';
import { startPendingFanOuts } from './calendar-change';
import { reconcileAhead } from '../ops/consistency';

/** The API process. */
async function main(): Promise<void> {
  const env = readEnv();
  const db = createDb(env.DATABASE_URL, { max: 20 });
  await migrate(db);
  await seedCatalogue(db);
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  const secret = jwtSecret(env);
  if (secret.isDevDefault) logger.warn('AUTH_JWT_SECRET is not set: using the development secret. Never do this in production.');
  const ctx = {
    db,
    client,
    calendar: new CalendarStore(db),
    config: {
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TASK_QUEUE,
      jwtSecret: secret.secret,
      temporalTimeoutMs: env.TEMPORAL_CALL_TIMEOUT_MS,
      publicLookupPerMinute: 30,
      dueSoonWorkingDays: env.DUE_SOON_WORKING_DAYS,
      // Secure cookies in production, which runs behind TLS; over https they are Secure anyway.
      sessions: { idleMs: env.SESSION_IDLE_SECONDS * 1000, absoluteMs: env.SESSION_ABSOLUTE_SECONDS * 1000, secureCookies: env.NODE_ENV === 'production' },
      oidc: oidcConfig(env),
    },
  };
  if (ctx.config.oidc) logger.info({ issuer: ctx.config.oidc.issuer, redirectUrl: ctx.config.oidc.redirectUrl }, 'OIDC sign-in at /auth/oidc/login (register the redirect URL with the provider)');
  const app = createApp(ctx);
  // Deliveries: the built-in destinations the configuration turns on (the applicant's messages when a channel
  // is configured, the national portal when PORTAL_URL is set) and every enabled webhook, made sure of at start
  // and with the minute's sweep below (so a Temporal that was down at start is caught up with).
  const portal = portalConfig(env);
  const builtIns = [...(applicantMessagesConfig(env) ? [APPLICANT_MESSAGES] : []), ...(portal ? [nationalPortal(portal.url)] : [])];
  const sweepDestinations = () => {
    ensureDestinations(ctx, builtIns).catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'deliveries not made sure of; will retry'));
  };
  sweepDestinations();
  // Every minute: start the workflow of any receipt whose request died before starting it.
  const recovery = setInterval(() => {
    sweepDestinations();
    recoverStalledReceipts(ctx).then(
      ({ started, failed }) => {
        if (started.length) logger.warn({ codes: started }, 'started the workflows of stalled receipts');
        if (failed.length) logger.error({ failed }, 'could not start the workflows of stalled receipts; will retry');
      },
      (err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'stalled-receipt recovery failed; will retry'),
    );
    // A calendar load whose fan-out could not start (Temporal down) is started here, not only by the next load.
    startPendingFanOuts({ db, client, taskQueue: env.TASK_QUEUE }).then(
      (started) => {
        if (started.size) logger.warn({ workflowIds: [...started.values()] }, 'started the fan-outs of calendar loads');
      },
      (err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'calendar fan-out recovery failed; will retry'),
    );
  }, 60_000);
  recovery.unref();
  // Every minute: a read model that got ahead of its workflow (a worker killed between a projection and its
  // workflow task's completion) is rebuilt from the workflow's own history.
  let reconciling = false;
  const reconcile = setInterval(() => {
    if (reconciling) return;
    reconciling = true;
    reconcileAhead(db, client, { sinceMs: 60 * 60_000, timeoutMs: env.TEMPORAL_CALL_TIMEOUT_MS })
      .then(
        (repairs) => {
          if (repairs.length) logger.warn({ repairs: repairs.map((r) => ({ code: r.code, ok: r.ok, lastSeq: r.lastSeq })) }, 'read model rebuilt where it was ahead of its workflow');
        },
        (err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'read-model reconciliation failed; will retry'),
      )
      .finally(() => (reconciling = false));
  }, env.RECONCILE_INTERVAL_MS);
  reconcile.unref();
  // Requests Node's parser refuses (a control character in a header) still get the contract's error body.
  const server = answerMalformedRequests(app.listen(env.PORT, () => logger.info({ port: env.PORT }, 'API listening')));
  const stop = () => {
    server.close(() => {
      void connection.close().then(() => db.destroy()).then(() => process.exit(0));
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  logger.error({ err }, 'API failed to start');
  process.exit(1);
});
