/**
 * The lifecycle phase: dossiers driven over real HTTP through the API, each received by a clerk, claimed and
 * submitted by an officer, approved by a leader and returned by the clerk.
 */
import crypto from 'node:crypto';
import { signStaffToken } from '../../api/auth';
import type { Actor, Role } from '../../domain/roles';
import type { DossierRun } from './driver';

/** A made-up applicant (the bench's and the chaos run's). */
export const APPLICANT = {
  fullName: 'Nguyễn Văn Bench',
  idNumber: '001085099999',
  phone: '0912000000',
  address: 'Số 1 Tràng Tiền, phường Hoàn Kiếm, Hà Nội',
};

export interface Catalogue {
  branch: string;
  procedure: { code: string; departmentId: string; requiredDocuments: { code: string }[] };
}

/**
 * An HTTP call that fails loudly unless the API answers `expected`; returns the parsed JSON body. Writes carry
 * an Idempotency-Key and are repeated with it on 503 (as a clerk's software would), so an overloaded moment
 * costs latency, not a failed run.
 */
async function call(baseUrl: string, token: string, method: 'GET' | 'POST', path: string, expected: number, body?: unknown): Promise<unknown> {
  const key = method === 'POST' ? crypto.randomUUID() : undefined;
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // The API gives up on Temporal after its own deadline (503); this only guards against a hang.
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (res.status === 503 && key && attempt < 5) {
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      continue;
    }
    // A receipt repeated with its key answers 200 with the dossier it created.
    const ok = res.status === expected || (expected === 201 && attempt > 0 && res.status === 200);
    if (!ok) throw new Error(`${method} ${path}: expected HTTP ${expected}, got ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as unknown;
  }
}

/** Picks from the API, as the integration tests do, a branch and a city-level procedure in working days. */
export async function pickCatalogue(baseUrl: string, adminToken: string): Promise<Catalogue> {
  const branches = (await call(baseUrl, adminToken, 'GET', '/api/v1/branches', 200)) as { id: string; kind: string }[];
  const branch = branches.find((b) => b.kind === 'branch')?.id;
  const procedures = (await call(baseUrl, adminToken, 'GET', '/api/v1/procedures', 200)) as {
    code: string;
    departmentId: string | null;
    authorityLevel: string;
    processingTime: { value: number; unit: string };
    requiredDocuments: { code: string }[];
  }[];
  const procedure = procedures.find(
    (p) => p.authorityLevel === 'city' && p.processingTime.unit === 'working_days' && p.departmentId && p.requiredDocuments.length > 0,
  );
  if (!branch || !procedure?.departmentId) throw new Error('the catalogue has no branch or no city-level working-day procedure with documents');
  return { branch, procedure: { code: procedure.code, departmentId: procedure.departmentId, requiredDocuments: procedure.requiredDocuments } };
}

export async function prepareLifecycle(baseUrl: string, jwtSecret: string): Promise<{ run: DossierRun; describe: string; lastCode: () => string | null }> {
  const token = (role: Role, unitId: string, sub: string) => signStaffToken(jwtSecret, { sub, role, unitId } satisfies Actor);
  const catalogue = await pickCatalogue(baseUrl, await token('admin', 'center', 'bench-admin'));
  const { branch, procedure } = catalogue;
  const clerk = await token('clerk', branch, 'bench-clerk');
  const officer = await token('officer', procedure.departmentId, 'bench-officer');
  const leader = await token('leader', procedure.departmentId, 'bench-leader');
  const receipt = {
    procedureCode: procedure.code,
    applicant: APPLICANT,
    documents: procedure.requiredDocuments.map((d) => ({ code: d.code })),
    note: 'benchmark',
  };

  let lastCode: string | null = null;
  const run: DossierRun = async (_label, recorder) => {
    const expectStatus = (body: unknown, status: string, step: string) => {
      const got = (body as { status?: unknown }).status;
      if (got !== status) throw new Error(`${step}: expected the dossier to be ${status}, it is ${String(got)}`);
    };
    const received = await recorder.time('receive', () => call(baseUrl, clerk, 'POST', '/api/v1/dossiers', 201, receipt));
    expectStatus(received, 'transferred', 'receive');
    const code = (received as { code: string }).code;
    lastCode = code;
    const action = (token: string, name: string, body: Record<string, unknown>) =>
      call(baseUrl, token, 'POST', `/api/v1/dossiers/${encodeURIComponent(code)}/actions/${name}`, 200, body);
    expectStatus(await recorder.time('claim', () => action(officer, 'claim', {})), 'processing', `claim ${code}`);
    expectStatus(await recorder.time('submit', () => action(officer, 'submit', { outcome: 'approved', summary: 'Hồ sơ hợp lệ' })), 'awaiting_approval', `submit ${code}`);
    expectStatus(await recorder.time('approve', () => action(leader, 'approve', { note: 'Đồng ý' })), 'result_ready', `approve ${code}`);
    expectStatus(await recorder.time('return', () => action(clerk, 'return', {})), 'returned', `return ${code}`);
  };
  return { lastCode: () => lastCode, run, describe: `procedure ${procedure.code} (${procedure.requiredDocuments.length} documents, ${procedure.departmentId}), branch ${branch}` };
}
