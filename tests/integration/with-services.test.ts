/**
 * A killed test runner leaves nothing behind: SIGKILL cannot be caught, so scripts/with-services.ts gives
 * the servers and the command it starts a parent-death signal. Here a runner is killed with -9 and its
 * Temporal dev server, PostgreSQL and command must be gone within seconds.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

function childrenOf(pid: number): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push({ pid: Number(entry), cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // a zombie is dead but still listed until its parent (init here) reaps it
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('scripts/with-services.ts', () => {
  it('leaves no Temporal dev server, PostgreSQL or command running when it is killed with SIGKILL', async () => {
    // Its own services: the runner is started without the suite's DATABASE_URL / TEMPORAL_ADDRESS.
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.TEMPORAL_ADDRESS;
    const runner = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'with-services.ts'), '--', 'sleep', '300'], {
      cwd: root,
      env,
      stdio: 'ignore',
    });
    let children: { pid: number; cmdline: string }[] = [];
    try {
      children = await until('the runner starts its servers and the command', 120_000, () => {
        const c = childrenOf(runner.pid!);
        const kinds = ['temporal server start-dev', 'postgres -D', 'sleep 300'];
        return kinds.every((k) => c.some((x) => x.cmdline.includes(k))) ? c.filter((x) => kinds.some((k) => x.cmdline.includes(k))) : undefined;
      });
      expect(children).toHaveLength(3);
      runner.kill('SIGKILL');
      await until('every child of the killed runner is gone', 15_000, () => (children.every((c) => !alive(c.pid)) ? true : undefined));
    } finally {
      if (runner.exitCode === null && runner.signalCode === null) runner.kill('SIGKILL');
      // on failure, what survived is not left to the machine
      for (const c of children) if (alive(c.pid)) process.kill(c.pid, 'SIGKILL');
    }
  }, 180_000);
});
