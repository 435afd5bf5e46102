import { Router } from 'express';
import { civilYear } from '../../db/catalogue';
import { provisionalWarnings, type CalendarWarning } from '../../domain/calendar';
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
    // Ready, but warned while the current or next year's calendar is only proposed (domain.md §4).
    let warnings: CalendarWarning[] = [];
    if (postgres === 'ok') {
      try {
        warnings = provisionalWarnings((await ctx.calendar.current()).data, civilYear(new Date()));
      } catch {
        // The calendar is read again at the next probe; readiness does not depend on it.
      }
    }
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: { postgres, temporal }, ...(warnings.length ? { warnings } : {}) });
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
