import { z } from 'zod';
import type { EventRow } from '../db/dossiers';

/** What a progress report recorded (domain/lifecycle.ts, action `progress`): the event's data. */
const ProgressData = z.object({ step: z.string(), publicNote: z.string().optional(), reportedAt: z.string().optional() });
export type ProgressData = z.infer<typeof ProgressData>;

/** A progress event's report, or null for any other event. */
export function progressOf(e: Pick<EventRow, 'action' | 'data'>): ProgressData | null {
  if (e.action !== 'progress') return null;
  const parsed = ProgressData.safeParse(e.data);
  return parsed.success ? parsed.data : null;
}

/**
 * What the public lookup shows of a dossier's progress: each report with a public note, at the time the
 * department says it did the work (else when it was reported), most recent first.
 */
export function publicProgress(history: Pick<EventRow, 'seq' | 'action' | 'at' | 'data'>[]): { at: Date; note: string; seq: number }[] {
  return history
    .flatMap((e) => {
      const p = progressOf(e);
      return p?.publicNote ? [{ at: p.reportedAt ? new Date(p.reportedAt) : new Date(e.at), note: p.publicNote, seq: e.seq }] : [];
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.seq - a.seq);
}
