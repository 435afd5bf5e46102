import fs from 'node:fs';
import path from 'node:path';
import { formatCeiling, type CpuCeiling } from './ceiling';
import { ACTIONS, type PhaseResult } from './driver';
import { formatHistory, type HistoryFigures } from './history';
import { formatReports, type ReportsResult } from './reports';

export interface BenchConfig {
  dossiers: number;
  concurrency: number;
  warmup: number;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string };
  node: string;
  services: { postgres: string; temporal: string };
}

export interface BenchReport {
  startedAt: string;
  config: BenchConfig;
  lifecycle: PhaseResult;
  /** PostgreSQL queries per lifecycle dossier (BEGIN/COMMIT included), from the API's pool and the worker's. */
  roundTrips: { api: number; worker: number };
  floor: PhaseResult;
  /** lifecycle.perSecond / floor.perSecond */
  ratio: number;
  /** What this run's CPU per dossier allows the ratio to reach (null when Temporal's or PostgreSQL's was not measured). */
  ceiling: CpuCeiling | null;
  /** One dossier's history in each phase (events, bytes). */
  histories: { lifecycle: HistoryFigures | null; floor: HistoryFigures };
  /** The supervisors' queries at scale (absent when skipped). */
  reports?: ReportsResult;
  /** npm run check-consistency's verdict on the lifecycle's dossiers after the load. */
  consistency: { checked: number; differences: number };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const ms = (x: number) => x.toFixed(1);

function phaseTable(title: string, p: PhaseResult): string[] {
  const c = p.cpu.perDossierMs;
  const cpuParts = [`bench process ${c.bench}`, c.postgres === null ? null : `PostgreSQL ${c.postgres}`, c.temporal === null ? null : `Temporal ${c.temporal}`, `rest ${c.rest}`];
  return [
    title,
    `  ${p.dossiers} dossiers, ${p.concurrency} clients, ${(p.wallMs / 1000).toFixed(2)} s wall, ${p.perSecond.toFixed(2)} dossiers/s`,
    `  CPU ms per dossier: ${cpuParts.filter(Boolean).join(', ')} (machine ${Math.round(p.cpu.machineBusy * 100)} % busy)`,
    `  ${'action'.padEnd(9)}${pad('p50', 9)}${pad('p95', 9)}${pad('p99', 9)}${pad('max', 9)}${pad('mean', 9)}   ms`,
    ...ACTIONS.map((a) => {
      const s = p.actions[a];
      return `  ${a.padEnd(9)}${pad(ms(s.p50), 9)}${pad(ms(s.p95), 9)}${pad(ms(s.p99), 9)}${pad(ms(s.max), 9)}${pad(ms(s.mean), 9)}`;
    }),
  ];
}

export function formatReport(r: BenchReport): string {
  const m = r.config.machine;
  return [
    '',
    `Motcua bench — ${r.startedAt}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, node ${r.config.node}; PostgreSQL ${r.config.services.postgres}, Temporal ${r.config.services.temporal}`,
    `(warm-up of ${r.config.warmup} dossiers per phase, not counted; everything below shares this machine)`,
    '',
    ...phaseTable('lifecycle — HTTP API → Temporal workflow → PostgreSQL read model', r.lifecycle),
    `  PostgreSQL queries per dossier: API ${r.roundTrips.api}, worker ${r.roundTrips.worker}`,
    '',
    ...phaseTable('floor — the same Temporal operations, empty handlers, no activities', r.floor),
    '',
    'history of one dossier:',
    ...(r.histories.lifecycle ? [formatHistory('lifecycle', r.histories.lifecycle)] : []),
    formatHistory('floor', r.histories.floor),
    '',
    `ratio lifecycle / floor: ${r.ratio.toFixed(3)} (the API's lifecycle runs at ${(r.ratio * 100).toFixed(1)} % of the Temporal floor's dossiers per second)`,
    ...(r.ceiling ? formatCeiling(r.ceiling) : []),
    ...(r.reports ? [formatReports(r.reports)] : []),
    '',
  ].join('\n');
}

export function writeJson(file: string, r: BenchReport): void {
  writeJsonFile(file, r);
}

export function writeJsonFile(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
