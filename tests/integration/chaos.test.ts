/**
 * The short chaos run (scripts/chaos.ts --quick): 30 dossiers through their lifecycle over HTTP, spread over
 * two API processes with two workers, while a worker and an API are SIGKILLed and Temporal and PostgreSQL
 * restarted, once each. It starts its own services (free ports, a temp dir) and must find nothing lost,
 * duplicated or answered differently, and every dossier event delivered to its webhook endpoint, signed, in order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnGuarded } from '../../scripts/lib/local-services';

const root = path.resolve(__dirname, '..', '..');

interface ChaosResult {
  options: { apis: number; workers: number };
  webhook: { events: number; deliveries: number } | null;
  checks: { name: string; ok: boolean; problems: string[] }[];
  segments: { fault: string | null; injections: { fault: string; error: string | null }[] }[];
  dossiers: { returned: boolean }[];
}

describe('npm run chaos -- --quick', () => {
  it('loses nothing while each service is killed or restarted once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-chaos-test-'));
    const out = path.join(dir, 'chaos.json');
    try {
      let output = '';
      const code = await new Promise<number | null>((resolve, reject) => {
        // guarded: if jest goes, the run (and with it its services) goes too
        const child = spawnGuarded(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'chaos.ts'), '--quick', '--out', out], {
          deathSignal: 'SIGTERM',
          cwd: root,
          env: { ...process.env, LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
        child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
        child.once('error', reject);
        child.once('exit', (c) => resolve(c));
      });
      // the run's own report says what went wrong; show it with the failure
      if (code !== 0) throw new Error(`chaos exited ${code}:\n${output}`);
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as ChaosResult;
      expect(result.segments.map((s) => [s.fault, s.injections.length])).toEqual([
        [null, 0],
        ['worker', 1],
        ['api', 1],
        ['temporal', 1],
        ['postgres', 1],
      ]);
      expect(result.segments.flatMap((s) => s.injections).filter((i) => i.error)).toEqual([]);
      expect(result.dossiers.filter((d) => d.returned)).toHaveLength(30);
      expect(result.checks.filter((c) => !c.ok)).toEqual([]);
      expect(result.options).toMatchObject({ apis: 2, workers: 2 });
      // Six events a dossier (received, transferred, claimed, submitted, result_ready, returned), every one delivered.
      expect(result.webhook?.events).toBe(30 * 6);
      expect(result.checks.map((c) => c.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^every dossier event of the run reached the webhook endpoint/), 'every delivery carried a valid signature', "each dossier's events arrived in seq order"]));
      expect(result.checks.length).toBeGreaterThanOrEqual(14);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 620_000); // the run's own limit is 420 s, and 180 s more for its checks
});
