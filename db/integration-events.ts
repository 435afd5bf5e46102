import type { Knex } from 'knex';
import { whereTouches } from './dossiers';
import { EVENT_CURSOR, eventBody, eventData, eventTypeOf, messageId, type EventType, type TransitionFacts } from '../domain/integration-events';

/**
 * The outbox of events (db/migrations/…_integrations.ts), written with the transitions and read in commit
 * order by the feed and the deliveries.
 */

/** A position in the outbox: after the row `id` of the transaction `txid`. */
export interface EventCursor {
  txid: string;
  id: string;
}
export const START: EventCursor = { txid: '0', id: '0' };

/** `<txid>.<id>`: opaque to clients, and any text of that shape is a valid position (nothing to forge: the feed is scoped anyway). */
export function encodeCursor(c: EventCursor): string {
  return `${c.txid}.${c.id}`;
}

export function decodeCursor(text: string): EventCursor | undefined {
  const m = EVENT_CURSOR.exec(text);
  return m ? { txid: m[1], id: m[2] } : undefined;
}

/**
 * The insert of a transition's event, to run in the transaction that records the transition (as a WITH, or on
 * its own). The dossier's procedure and units come from its row, which a transition never changes.
 * Null when no consumer hears of this transition.
 */
export function insertEvent(db: Knex | Knex.Transaction, t: TransitionFacts): Knex.QueryBuilder | null {
  const type = eventTypeOf(t.action, t.data);
  if (!type) return null;
  return db('integration_events')
    .insert(
      db('dossiers')
        .where({ code: t.code })
        .select(
          db.raw('?::text', [t.code]),
          db.raw('?::int', [t.seq]),
          db.raw('?::text', [type]),
          db.raw('?::timestamptz', [t.at]),
          db.raw(
            `?::jsonb || jsonb_build_object('procedureCode', procedure_code, 'departmentId', department_id, 'receivingBranchId', receiving_branch_id, 'returnBranchId', return_branch_id, 'channel', channel)`,
            [JSON.stringify(eventData(t))],
          ),
        ),
    )
    .into(db.raw('integration_events (dossier_code, seq, type, at, data)'))
    .onConflict(['dossier_code', 'seq'])
    .ignore();
}

export interface EventRow {
  id: string;
  txid: string;
  dossier_code: string;
  seq: number;
  type: EventType;
  at: Date;
  data: Record<string, unknown>;
}

/** One event as the feed and the webhooks carry it. */
export function eventMessage(e: EventRow) {
  return { id: messageId(e.dossier_code, e.seq), ...eventBody(e.type, new Date(e.at).toISOString(), e.data) };
}

/**
 * Events after a cursor, in commit order, with no gap: only rows of transactions that committed before every
 * transaction still running are served (`txid < pg_snapshot_xmin`), so a row committed later can never land
 * before a cursor already handed out.
 */
export async function eventsAfter(
  db: Knex | Knex.Transaction,
  after: EventCursor,
  opts: { limit: number; types?: readonly string[]; units?: readonly string[] | null },
): Promise<EventRow[]> {
  const q = db('integration_events as e')
    .whereRaw('e.txid < pg_snapshot_xmin(pg_current_snapshot())')
    .whereRaw('(e.txid, e.id) > (?::xid8, ?::bigint)', [after.txid, after.id])
    .orderBy([{ column: 'e.txid' }, { column: 'e.id' }])
    .limit(opts.limit)
    .select('e.id', db.raw('e.txid::text as txid'), 'e.dossier_code', 'e.seq', 'e.type', 'e.at', 'e.data');
  if (opts.types?.length) q.whereIn('e.type', opts.types);
  if (opts.units) whereTouches(q, opts.units, { receiving: `e.data->>'receivingBranchId'`, returning: `e.data->>'returnBranchId'`, deciding: `e.data->>'departmentId'` });
  return q;
}

/**
 * The cursor at the end of the outbox as readers may see it (a new destination starts there): rows of
 * transactions still running come after it, whatever their id.
 */
export async function headCursor(db: Knex | Knex.Transaction): Promise<EventCursor> {
  const row = await db('integration_events')
    .whereRaw('txid < pg_snapshot_xmin(pg_current_snapshot())')
    .orderBy([
      { column: 'txid', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('id', db.raw('txid::text as txid'));
  return row ? { txid: row.txid, id: String(row.id) } : START;
}
