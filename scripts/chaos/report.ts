/** The chaos run's table: per segment (no fault, then one per fault) what the clients saw. */
import type { Segment } from './faults';
import type { LoadResult } from './load';

export interface SegmentRow {
  segment: string;
  injections: number;
  completed: number;
  stuck: number;
  requests: number;
  retries: number;
  unavailable: number;
  networkErrors: number;
  /** the longest time from an injection to the first success of a request sent after it */
  recoverMs: number | null;
  seconds: number;
  perSecond: number;
}

export function segmentRows(segments: Segment[], load: LoadResult): SegmentRow[] {
  // A deliberate repeat of a finished request is answered without the services it needs: not a recovery.
  const successes = load.attempts.filter((a) => !a.repeat && a.status !== null && a.status < 300).map((a) => ({ sentAt: a.sentAt, answeredAt: a.sentAt + a.ms }));
  return segments.map((s, i) => {
    const last = i === segments.length - 1;
    const inside = (t: number) => t >= s.from && (last ? t <= s.to : t < s.to);
    // answers count where they came back (a 503 belongs to the fault that caused it, not to when it was sent)
    const attempts = load.attempts.filter((a) => inside(a.sentAt + a.ms));
    const recover = s.injections.map((inj) => {
      const first = successes.filter((x) => x.sentAt >= inj.at).reduce((m, x) => Math.min(m, x.answeredAt), Infinity);
      return first === Infinity ? null : first - inj.at;
    });
    const seconds = (s.to - s.from) / 1000;
    const completed = load.dossiers.filter((d) => d.returned && inside(d.endedAt)).length;
    return {
      segment: s.fault ?? 'no fault',
      injections: s.injections.length,
      completed,
      stuck: load.dossiers.filter((d) => !d.returned && inside(d.endedAt)).length,
      requests: attempts.filter((a) => a.attempt === 1 && !a.repeat).length,
      retries: attempts.filter((a) => a.attempt > 1).length,
      unavailable: attempts.filter((a) => a.status === 503).length,
      networkErrors: attempts.filter((a) => a.status === null).length,
      recoverMs: recover.length === 0 ? null : recover.some((r) => r === null) ? null : Math.max(...(recover as number[])),
      seconds,
      perSecond: seconds > 0 ? completed / seconds : 0,
    };
  });
}

export function formatTable(rows: SegmentRow[]): string {
  const head = ['segment', 'faults', 'completed', 'stuck', 'requests', 'retries', '503', 'net err', 'recover s', 'seconds', 'dossiers/s'];
  const body = rows.map((r) => [
    r.segment,
    String(r.injections),
    String(r.completed),
    String(r.stuck),
    String(r.requests),
    String(r.retries),
    String(r.unavailable),
    String(r.networkErrors),
    r.injections === 0 ? '–' : r.recoverMs === null ? 'never' : (r.recoverMs / 1000).toFixed(1),
    r.seconds.toFixed(1),
    r.perSecond.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}
