import { Router } from 'express';
import type { AppContext } from '../context';
import { registry } from '../metrics';
import { workerAlive } from '../temporal-calls';

/** Liveness, readiness (PostgreSQL, Temporal and a polling worker) and Prometheus metrics. */
export function operationsRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const checks = await Promise.all([
      check(async () => void (await ctx.db.raw('select 1'))),
      check(async () => {
        if (!(await workerAlive(ctx, 3_000))) throw new Error('no worker polling');
      }),
    ]);
    const [postgres, temporal] = checks;
    const ready = checks.every((c) => c === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: { postgres, temporal } });
  });
  r.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return r;
}

async function check(probe: () => Promise<void>): Promise<string> {
  try {
    await probe();
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
