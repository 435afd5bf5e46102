import { expect, request, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, type DemoAccount } from './accounts';

/**
 * The API as one of the demo staff, for setting up what a scenario is not about (a dossier for the inbox test to
 * find, say). What a scenario tests goes through the screens only.
 */
export interface StaffApi {
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T = unknown>(path: string, body?: unknown): Promise<T>;
  dispose(): Promise<void>;
}

export async function apiAs(baseURL: string, username: DemoAccount, password = DEMO_PASSWORD): Promise<StaffApi> {
  const ctx: APIRequestContext = await request.newContext({ baseURL });
  const login = await ctx.post('/api/v1/auth/login', { data: { username, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const ok = async <T>(res: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> => {
    const text = await res.text();
    expect(res.ok(), `${res.url()} → ${res.status()} ${text}`).toBe(true);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: async (path) => ok(await ctx.get(path)),
    post: async (path, body, headers) => ok(await ctx.post(path, { data: body ?? {}, headers: { 'x-csrf-token': csrfToken, 'Idempotency-Key': crypto.randomUUID(), ...headers } })),
    put: async (path, body) => ok(await ctx.put(path, { data: body ?? {}, headers: { 'x-csrf-token': csrfToken } })),
    dispose: () => ctx.dispose(),
  };
}

/** A procedure of the demo officer's department (Sở Xây dựng), 7 working days, free, one mandatory component. */
export const DEMO_PROCEDURE = { code: '1.014190', component: 'don-de-nghi' } as const;

/** A dossier received by the demo clerk through the API: its code and PIN. */
export async function receiveDossier(clerk: StaffApi, applicantName = 'Nguyễn Văn An'): Promise<{ code: string; lookupPin: string }> {
  return clerk.post('/api/v1/dossiers', {
    procedureCode: DEMO_PROCEDURE.code,
    applicant: { fullName: applicantName, idNumber: '001088012345', phone: '0912345678' },
    documents: [{ code: DEMO_PROCEDURE.component }],
  });
}
