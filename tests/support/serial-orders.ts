import { judgeAction, type ActionName, type DossierFacts } from '../../domain/actions';
import type { Actor } from '../../domain/roles';
import { httpStatusOf } from '../../api/errors';

/** One staff action as a test sends it. */
export interface ActionCall {
  action: ActionName;
  actor: Actor;
  body: Record<string, unknown>;
}

/** What a serial order of calls gives: each call's HTTP status, and the calls applied, in order. */
export interface SerialOutcome {
  codes: number[];
  applied: number[];
  final: DossierFacts;
}


/**
 * What one accepted action does to the facts the rules judge by. The rules themselves (who may do what, from
 * which status, to which status) are domain/actions.ts's `judgeAction`, not repeated here.
 */
function effect(f: DossierFacts, call: ActionCall, to: DossierFacts['status']): DossierFacts {
  const next: DossierFacts = { ...f, status: to, ...(f.deadline ? { deadline: { ...f.deadline } } : {}) };
  const b = call.body;
  if (call.action === 'claim') next.assignee = call.actor.sub;
  if (call.action === 'reassign') next.assignee = b.assignee as string;
  if (next.deadline && call.action === 'request-supplement') {
    next.deadline.supplementRequests += 1;
    next.deadline.requestedDocuments = b.documents as string[];
  }
  if (next.deadline && call.action === 'apologize') {
    next.deadline.apologized = true;
    next.deadline.dueAt = new Date(b.newDueAt as string);
  }
  return next;
}

/** Runs the calls one after another in the given order against the rules. */
export function runSerially(start: DossierFacts, calls: ActionCall[], order: number[], now: Date): SerialOutcome {
  let f = start;
  const codes: number[] = new Array<number>(calls.length).fill(0);
  const applied: number[] = [];
  for (const i of order) {
    const verdict = judgeAction(f, calls[i].actor, calls[i].action, calls[i].body, now);
    if (verdict.ok) {
      f = effect(f, calls[i], verdict.to);
      codes[i] = 200;
      applied.push(i);
    } else {
      codes[i] = httpStatusOf(verdict.violation.type);
    }
  }
  return { codes, applied, final: f };
}

function* permutations(n: number): Generator<number[]> {
  const a = Array.from({ length: n }, (_, i) => i);
  // Heap's algorithm: every order of n calls exactly once.
  const c = new Array<number>(n).fill(0);
  yield [...a];
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      [a[j], a[i]] = [a[i], a[j]];
      yield [...a];
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
}

/** A serial outcome in one comparable line: the status answered to each call, then the calls applied in order. */
export function outcomeKey(o: { codes: number[]; applied: number[] }): string {
  return `answers [${o.codes.join(', ')}], applied [${o.applied.join(', ')}]`;
}

/**
 * Every outcome that some serial order of the calls could produce (at most 7 calls: 5,040 orders), keyed by
 * `outcomeKey`. Concurrent calls are correct exactly when what they did is one of these.
 */
export function serialOutcomes(start: DossierFacts, calls: ActionCall[], now: Date): Map<string, SerialOutcome> {
  if (calls.length > 7) throw new RangeError('too many calls to try every order');
  const out = new Map<string, SerialOutcome>();
  for (const order of permutations(calls.length)) {
    const o = runSerially(start, calls, order, now);
    out.set(outcomeKey(o), o);
  }
  return out;
}
