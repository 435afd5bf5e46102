/**
 * Where the CPU went during a phase: this process (load generator, API, worker), the PostgreSQL and Temporal
 * process trees the benchmark started (Linux /proc only; null otherwise or for external services), and the
 * whole machine (os.cpus()).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { round } from './stats';

export interface CpuBreakdown {
  /** Share of the machine's CPU capacity in use during the phase (0–1). */
  machineBusy: number;
  /** CPU seconds spent during the phase. */
  seconds: { bench: number; postgres: number | null; temporal: number | null; rest: number; machine: number };
  /** The same, in CPU milliseconds per measured dossier. */
  perDossierMs: { bench: number; postgres: number | null; temporal: number | null; rest: number; machine: number };
}

interface Sample {
  bench: number;
  postgres: number | null;
  temporal: number | null;
  machineBusy: number;
  machineTotal: number;
}

export class CpuMeter {
  private readonly ticksPerSecond: number;

  constructor(private readonly roots: { postgres: number | null; temporal: number | null }) {
    this.ticksPerSecond = clockTicks();
  }

  sample(): Sample {
    const usage = process.cpuUsage();
    let busy = 0;
    let total = 0;
    for (const { times } of os.cpus()) {
      const b = times.user + times.nice + times.sys + times.irq;
      busy += b;
      total += b + times.idle;
    }
    const table = processTable();
    return {
      bench: (usage.user + usage.system) / 1e6,
      postgres: this.treeSeconds(table, this.roots.postgres),
      temporal: this.treeSeconds(table, this.roots.temporal),
      machineBusy: busy / 1000,
      machineTotal: total / 1000,
    };
  }

  since(before: Sample, dossiers: number): CpuBreakdown {
    const now = this.sample();
    const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
    const bench = now.bench - before.bench;
    const postgres = diff(now.postgres, before.postgres);
    const temporal = diff(now.temporal, before.temporal);
    const machine = now.machineBusy - before.machineBusy;
    const rest = Math.max(0, machine - bench - (postgres ?? 0) - (temporal ?? 0));
    const seconds = { bench, postgres, temporal, rest, machine };
    const per = (s: number | null) => (s === null ? null : round((s * 1000) / dossiers, 1));
    return {
      machineBusy: round(machine / (now.machineTotal - before.machineTotal), 3),
      seconds: {
        bench: round(bench, 2),
        postgres: postgres === null ? null : round(postgres, 2),
        temporal: temporal === null ? null : round(temporal, 2),
        rest: round(rest, 2),
        machine: round(machine, 2),
      },
      perDossierMs: { bench: per(seconds.bench)!, postgres: per(postgres), temporal: per(temporal), rest: per(rest)!, machine: per(machine)! },
    };
  }

  /** CPU seconds of a process and its live descendants, with the reaped children they waited for. */
  private treeSeconds(table: Map<number, ProcStat> | null, root: number | null): number | null {
    if (!table || root === null || !table.has(root)) return null;
    const children = new Map<number, number[]>();
    for (const [pid, s] of table) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
    let ticks = 0;
    const stack = [root];
    while (stack.length) {
      const pid = stack.pop()!;
      ticks += table.get(pid)?.ticks ?? 0;
      stack.push(...(children.get(pid) ?? []));
    }
    return ticks / this.ticksPerSecond;
  }
}

interface ProcStat {
  ppid: number;
  ticks: number;
}

function processTable(): Map<number, ProcStat> | null {
  if (process.platform !== 'linux') return null;
  const table = new Map<number, ProcStat>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses): state ppid … utime stime cutime cstime.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // The process ended while the table was being read.
    }
  }
  return table;
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** The pid of the process whose command line mentions `needle` (Linux only), e.g. a file in our temp dir. */
export function findProcess(needle: string): number | null {
  if (process.platform !== 'linux') return null;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) return Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  return null;
}

/** PostgreSQL's postmaster pid, from the data directory's postmaster.pid. */
export function postmasterPid(databaseDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(`${databaseDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
