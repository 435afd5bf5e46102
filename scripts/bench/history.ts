/**
 * What one dossier costs Temporal to keep: its history's events (by type) and encoded size, and the largest
 * payloads in it (the workflow input, an update's answer, a local activity's marker…).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface HistoryFigures {
  workflowId: string;
  events: number;
  bytes: number;
  /** Event types with their counts, most frequent first. */
  byType: Record<string, number>;
  /** The start event's size (the workflow input, search attributes). */
  startBytes: number;
}

export async function historyFigures(client: Client, workflowId: string): Promise<HistoryFigures> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const byType: Record<string, number> = {};
  for (const e of events) {
    const name = temporal.api.enums.v1.EventType[e.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? String(e.eventType);
    byType[name] = (byType[name] ?? 0) + 1;
  }
  const size = (e: Parameters<typeof temporal.api.history.v1.HistoryEvent.encode>[0]) => temporal.api.history.v1.HistoryEvent.encode(e).finish().length;
  return {
    workflowId,
    events: events.length,
    bytes: temporal.api.history.v1.History.encode(history).finish().length,
    byType: Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1])),
    startBytes: events[0] ? size(events[0]) : 0,
  };
}

export function formatHistory(label: string, h: HistoryFigures): string {
  const types = Object.entries(h.byType)
    .map(([t, n]) => `${t.toLowerCase()} ${n}`)
    .join(', ');
  return `  ${label}: ${h.events} events, ${(h.bytes / 1024).toFixed(1)} KiB (start event ${(h.startBytes / 1024).toFixed(1)} KiB): ${types}`;
}
