/**
 * The chaos run's clients: dossiers through receive → claim → submit → approve → return over HTTP, every
 * request with an Idempotency-Key, retried with the same key after a 503 or a network error (backoff from
 * 250 ms to 4 s, bounded in attempts and time). Every attempt is recorded. A request whose first answer was
 * not a 503 is sent once more with its key when it had been retried, and for one dossier in four anyway:
 * the repeat must get the same answer.
 */
import { signStaffToken } from '../../api/auth';
import type { Actor, Role } from '../../domain/roles';
import { APPLICANT, pickCatalogue } from '../bench/lifecycle';

export const STEPS = ['receive', 'claim', 'submit', 'approve', 'return'] as const;
export type Step = (typeof STEPS)[number];
/** The dossier's status after each step. */
const AFTER: Record<Step, string> = { receive: 'transferred', claim: 'processing', submit: 'awaiting_approval', approve: 'result_ready', return: 'returned' };
const ORDER = ['received', 'transferred', 'processing', 'awaiting_approval', 'result_ready', 'returned'];

export interface Attempt {
  dossier: number;
  step: Step;
  key: string;
  /** 1 for the first attempt of a request; a deliberate repeat starts again at 1 with `repeat` set. */
  attempt: number;
  repeat: boolean;
  /** ms since the run began */
  sentAt: number;
  ms: number;
  /** HTTP status, or null for a network error */
  status: number | null;
  error: string | null;
  /** the error code of an error answer */
  errorCode: string | null;
  /** the dossier's code and status in a dossier answer */
  code: string | null;
  dossierStatus: string | null;
}

export interface Anomaly {
  dossier: number;
  code: string | null;
  step: Step;
  key: string;
  what: string;
  attempts: Attempt[];
}

export interface DossierOutcome {
  index: number;
  code: string | null;
  /** ms since the run began when its return was answered, or when it was given up */
  endedAt: number;
  returned: boolean;
  /** why it was given up */
  stuck: string | null;
}

export interface LoadResult {
  attempts: Attempt[];
  dossiers: DossierOutcome[];
  /** 5xx answers other than 503 */
  serverErrors: Attempt[];
  /** a repeat (same key) answered differently from the request's first non-503 answer */
  differentAnswers: Anomaly[];
  /** a final answer other than the step's success (e.g. 409 for a retried action that had worked) */
  unexpectedAnswers: Anomaly[];
}

const REQUEST_LIMIT_MS = 180_000;
const MAX_ATTEMPTS = 60;

export interface Progress {
  /** dossiers returned or given up */
  done: number;
}

export async function runLoad(opts: {
  /** The API processes: each request goes to the next in turn, so a repeat lands on another than the first. */
  apiUrls: string[];
  jwtSecret: string;
  dossiers: number;
  clients: number;
  runId: string;
  t0: number;
  signal: AbortSignal;
  progress: Progress;
}): Promise<LoadResult> {
  const { apiUrls, t0, signal } = opts;
  let turn = 0;
  const nextApi = () => apiUrls[turn++ % apiUrls.length];
  const token = (role: Role, unitId: string, sub: string) => signStaffToken(opts.jwtSecret, { sub, role, unitId } satisfies Actor);
  const { branch, procedure } = await pickCatalogue(apiUrls[0], await token('admin', 'center', 'chaos-admin'));
  const tokens: Record<Step, string> = {
    receive: await token('clerk', branch, 'chaos-clerk'),
    claim: await token('officer', procedure.departmentId, 'chaos-officer'),
    submit: await token('officer', procedure.departmentId, 'chaos-officer'),
    approve: await token('leader', procedure.departmentId, 'chaos-leader'),
    return: await token('clerk', branch, 'chaos-clerk'),
  };
  const bodies: Record<Step, unknown> = {
    receive: { procedureCode: procedure.code, applicant: APPLICANT, documents: procedure.requiredDocuments.map((d) => ({ code: d.code })), note: 'chaos' },
    claim: {},
    submit: { outcome: 'approved', summary: 'Hồ sơ hợp lệ' },
    approve: { note: 'Đồng ý' },
    return: {},
  };
  const result: LoadResult = { attempts: [], dossiers: [], serverErrors: [], differentAnswers: [], unexpectedAnswers: [] };

  const once = async (dossier: number, step: Step, code: string | null, key: string, attempt: number, repeat: boolean): Promise<Attempt> => {
    const path = step === 'receive' ? '/api/v1/dossiers' : `/api/v1/dossiers/${encodeURIComponent(code!)}/actions/${step}`;
    const sentAt = Date.now() - t0;
    const a: Attempt = { dossier, step, key, attempt, repeat, sentAt, ms: 0, status: null, error: null, errorCode: null, code: null, dossierStatus: null };
    try {
      const res = await fetch(`${nextApi()}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[step]}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(bodies[step]),
        // the API answers 503 after its own deadline on Temporal; this only guards against a hang
        signal: AbortSignal.any([AbortSignal.timeout(60_000), signal]),
      });
      a.status = res.status;
      const text = await res.text();
      try {
        const body = JSON.parse(text) as { code?: unknown; status?: unknown };
        if (res.ok) {
          a.code = typeof body.code === 'string' ? body.code : null;
          a.dossierStatus = typeof body.status === 'string' ? body.status : null;
        } else {
          a.errorCode = typeof body.code === 'string' ? body.code : null;
        }
      } catch {
        a.errorCode = `not JSON: ${text.slice(0, 80)}`;
      }
    } catch (err) {
      a.error = err instanceof Error ? `${err.name}: ${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ''}` : String(err);
    }
    a.ms = Date.now() - t0 - sentAt;
    result.attempts.push(a);
    if (a.status !== null && a.status >= 500 && a.status !== 503) result.serverErrors.push(a);
    return a;
  };

  /** Attempts until an answer that is not a 503, a network error or another 5xx; null when it gave up. */
  const request = async (dossier: number, step: Step, code: string | null, key: string, repeat: boolean): Promise<{ final: Attempt | null; attempts: Attempt[] }> => {
    const attempts: Attempt[] = [];
    const started = Date.now();
    for (let n = 1; n <= MAX_ATTEMPTS && !signal.aborted; n++) {
      const a = await once(dossier, step, code, key, n, repeat);
      attempts.push(a);
      if (a.status !== null && a.status < 500) return { final: a, attempts };
      if (Date.now() - started > REQUEST_LIMIT_MS) break;
      const backoff = Math.min(4_000, 250 * 2 ** (n - 1)) * (0.75 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, backoff));
    }
    return { final: null, attempts };
  };

  // A receipt's repeat answers with the same dossier (api-contract.md), as it is now: its status may have moved
  // on from `received` (a transfer not yet confirmed at the first answer) to `transferred`. An action's
  // repeat gets the first answer itself.
  const same = (step: Step, a: Attempt, b: Attempt) => {
    const cls = (s: number | null) => (step === 'receive' && (s === 200 || s === 201) ? 201 : s);
    return cls(a.status) === cls(b.status) && a.code === b.code && a.errorCode === b.errorCode && (step === 'receive' || a.dossierStatus === b.dossierStatus);
  };

  const currentStatus = async (code: string): Promise<string | null> => {
    try {
      const res = await fetch(`${nextApi()}/api/v1/dossiers/${encodeURIComponent(code)}`, { headers: { authorization: `Bearer ${tokens.receive}` }, signal: AbortSignal.timeout(30_000) });
      return res.ok ? ((await res.json()) as { status: string }).status : null;
    } catch {
      return null;
    }
  };

  const runDossier = async (index: number): Promise<DossierOutcome> => {
    let code: string | null = null;
    const end = (returned: boolean, stuck: string | null): DossierOutcome => ({ index, code, endedAt: Date.now() - t0, returned, stuck });
    for (const step of STEPS) {
      const key = `${opts.runId}-${index}-${step}`;
      const { final, attempts } = await request(index, step, code, key, false);
      if (!final) return end(false, `${step}: no answer but 503s / network errors after ${attempts.length} attempts`);
      const ok = final.status === (step === 'receive' ? 201 : 200) || (step === 'receive' && final.status === 200);
      if (ok && step === 'receive') code = final.code;
      if (ok && (attempts.length > 1 || index % 4 === 0)) {
        const again = await request(index, step, code, key, true);
        if (again.final && !same(step, final, again.final)) {
          result.differentAnswers.push({ dossier: index, code, step, key, what: `first ${describe(final)}, repeat ${describe(again.final)}`, attempts: [...attempts, ...again.attempts] });
        }
      }
      if (!ok) {
        result.unexpectedAnswers.push({ dossier: index, code, step, key, what: `${describe(final)} after ${attempts.length} attempt(s)`, attempts });
        if (!code) return end(false, `${step}: ${describe(final)}`);
        // Carry on if the step did in fact happen (its first attempt worked, its answer was lost).
        const now = await currentStatus(code);
        if (now === null || ORDER.indexOf(now) < ORDER.indexOf(AFTER[step])) return end(false, `${step}: ${describe(final)}; the dossier is ${now}`);
      } else if (final.dossierStatus !== AFTER[step] && !(step === 'receive' && final.dossierStatus === 'received')) {
        // (a receipt whose transfer was not confirmed in time is answered `received`; it completes by itself)
        result.unexpectedAnswers.push({ dossier: index, code, step, key, what: `answered ${final.status} with the dossier ${final.dossierStatus}, expected ${AFTER[step]}`, attempts });
      }
    }
    return end(true, null);
  };

  let next = 0;
  const client = async () => {
    while (!signal.aborted) {
      const index = next++;
      if (index >= opts.dossiers) return;
      const outcome = await runDossier(index);
      result.dossiers.push(outcome);
      opts.progress.done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.clients, opts.dossiers) }, client));
  result.dossiers.sort((a, b) => a.index - b.index);
  return result;
}

function describe(a: Attempt): string {
  return a.status === null ? `network error (${a.error})` : `${a.status}${a.errorCode ? ` ${a.errorCode}` : ''}${a.dossierStatus ? ` ${a.dossierStatus}` : ''}`;
}
