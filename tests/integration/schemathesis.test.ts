import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../../api/app';
import { answerMalformedRequests } from '../../api/hostile-input';
import type { Role } from '../../domain/roles';
import { catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * Schemathesis (pinned in scripts/schemathesis/requirements.txt, installed on first use into the cache
 * folder) against the document the API serves, with every check, on a real HTTP port with a real worker:
 * 0 failures. Its settings (scripts/schemathesis/schemathesis.toml) say where the document cannot state a
 * rule. The seed is fixed, so a run is repeatable; change SEED to explore elsewhere.
 */
const ROOT = path.resolve(__dirname, '../..');
const SEED = '20261202';
/** The longest one run may take before it is stopped (and the test fails). */
const RUN_LIMIT_MS = 420_000; // ~100 s alone on 2 cores; generous for a loaded machine (jest runs other files beside it)

let h: Harness;
let server: http.Server;
let base: string;
let schemathesis: string;
let f: CatalogueFixture;
/** Where Schemathesis keeps its cache and our per-run settings: not in the repository. */
let workDir: string;
/** A real dossier, received by the clerk whose run aims its actions at it. */
let dossierCode: string;

beforeAll(async () => {
  // First use on a machine installs the venv (about a minute); afterwards this is instant.
  const { stdout } = await promisify(execFile)('bash', [path.join(ROOT, 'scripts/schemathesis/ensure.sh')], { timeout: 600_000 });
  schemathesis = stdout.trim();
  h = await startHarness();
  f = await catalogueFixture(h);
  dossierCode = (await receive(h, f, await h.token('clerk', f.branch)).expect(201)).body.code;
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-schemathesis-'));
  server = answerMalformedRequests(http.createServer(createApp(h.ctx)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 660_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  // The calendar run's year (pinned in schemathesis.toml), should a generated body have loaded one.
  await h?.db('calendar_days').where({ year: 2100 }).delete();
  await h?.db('calendar_years').where({ year: 2100 }).delete();
  await h?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

interface Run {
  exitCode: number | null;
  output: string;
  generated: number;
  seconds: number;
}

/** `pin`: parameters every request of the run takes as given (e.g. `path.code`), on top of schemathesis.toml. */
async function runSchemathesis(role: Role, unitId: string, args: string[], pin: Record<string, string> = {}): Promise<Run> {
  const token = await h.token(role, unitId);
  const config = path.join(workDir, `${role}.toml`);
  const pinned = Object.entries(pin).map(([k, v]) => `${JSON.stringify(k)} = ${JSON.stringify(v)}`);
  fs.writeFileSync(config, `${fs.readFileSync(path.join(ROOT, 'scripts/schemathesis/schemathesis.toml'), 'utf8')}\n[parameters]\n${pinned.join('\n')}\n`);
  return new Promise<Run>((resolve, reject) => {
        const started = Date.now();
        const child = spawn(
          schemathesis,
          [
            '--config-file',
            config,
            'run',
            `${base}/api/v1/openapi.json`,
            '--checks',
            'all',
            '--header',
            `Authorization: Bearer ${token}`,
            '--seed',
            SEED,
            // One worker: two cores are shared, and Python 3.11's ast module is not safe across threads.
            '--workers',
            '1',
            '--request-timeout',
            '30',
            '--no-color',
            ...args,
          ],
          { cwd: workDir },
        );
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
        child.on('error', reject);
        child.on('close', (exitCode) => {
          clearTimeout(timer);
          const generated = Number(/(\d+) generated/.exec(output)?.[1] ?? NaN);
          resolve({ exitCode, output, generated, seconds: (Date.now() - started) / 1000 });
        });
  });
}

function expectClean(run: Run, label: string): void {
  console.log(`schemathesis ${label}: ${run.generated} requests generated in ${run.seconds.toFixed(1)} s, exit ${run.exitCode}`);
  if (run.exitCode !== 0) throw new Error(`schemathesis (${label}) exited ${run.exitCode}:\n${run.output}`);
  expect(run.generated).toBeGreaterThan(0);
}

describe('the served OpenAPI document, fuzzed by Schemathesis with every check', () => {
  it(
    'finds nothing as a center admin (every operation: catalogue, calendar, import, reads, reports, actions)',
    async () => {
      expectClean(await runSchemathesis('admin', 'center', ['--max-examples', '3']), 'admin@center');
    },
    RUN_LIMIT_MS + 30_000,
  );

  it(
    'finds nothing as a branch clerk (receiving dossiers and acting on them through the document\'s links)',
    async () => {
      expectClean(
        // The admin's run covered every operation's validation; this one receives dossiers, follows their links,
        // and aims every dossier operation at a real dossier of the clerk's branch.
        await runSchemathesis('clerk', f.branch, ['--max-examples', '3', '--phases', 'fuzzing,stateful', '--include-path-regex', '^/api/v1/(dossiers|reception)'], {
          'path.code': dossierCode,
        }),
        `clerk@${f.branch}`,
      );
    },
    RUN_LIMIT_MS + 30_000,
  );
});
