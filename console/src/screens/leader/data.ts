import { useQueries, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, idempotencyKey, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { hanoiToday } from '../../format';
import type { OpenStatus } from './route';

export type Staff = components['schemas']['Staff'];
export type Task = components['schemas']['Task'];

/** The most a list asks for at once (the API's limit); more than this in one status is said on screen. */
export const PAGE_LIMIT = 200;

/** The unit's dossiers in one status (GET /api/v1/dossiers): the first PAGE_LIMIT, and whether there are more. */
function dossiersQuery(unitId: string, status: OpenStatus | 'awaiting_approval', overdue?: boolean) {
  return {
    queryKey: ['dossiers', 'leader', unitId, status, overdue ?? false],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/dossiers', {
          params: { query: { status, departmentId: unitId, limit: PAGE_LIMIT, ...(overdue ? { overdue: 'true' as const } : {}) } },
        }),
      ),
  };
}

export type DossierItem = Awaited<ReturnType<ReturnType<typeof dossiersQuery>['queryFn']>>['items'][number];

export function useAwaitingApproval(unitId: string) {
  return useQuery({ ...dossiersQuery(unitId, 'awaiting_approval'), refetchInterval: 30_000 });
}

/** The unit's open dossiers in the statuses asked for, together: loading, the first error, whether any list was cut. */
export function useOpenDossiers(unitId: string, statuses: readonly OpenStatus[], overdue?: boolean) {
  const results = useQueries({ queries: statuses.map((s) => ({ ...dossiersQuery(unitId, s, overdue), refetchInterval: 30_000 })) });
  return {
    items: results.flatMap((r) => r.data?.items ?? []),
    isPending: results.some((r) => r.isPending),
    isFetching: results.some((r) => r.isFetching),
    error: results.find((r) => r.error)?.error ?? null,
    truncated: results.some((r) => Boolean(r.data?.nextCursor)),
    refetch: () => Promise.all(results.map((r) => r.refetch())),
  };
}

/** The open tasks the leader can act on (GET /api/v1/tasks): for the approval deadline of each dossier. */
export function useTasks() {
  return useQuery({ queryKey: ['tasks'], queryFn: () => unwrap(api.GET('/api/v1/tasks')), refetchInterval: 30_000 });
}

/** The people of the leader's unit today (GET /api/v1/staff). */
export function useUnitStaff() {
  return useQuery({ queryKey: ['staff', 'unit'], queryFn: () => unwrap(api.GET('/api/v1/staff')), staleTime: 5 * 60_000 });
}

/** Whether a person holds `role` in `unitId` today. */
export function holds(staff: Staff, role: string, unitId: string, today = hanoiToday()): boolean {
  return staff.assignments.some((a) => a.role === role && a.unitId === unitId && a.from <= today && (!a.to || a.to >= today));
}

/** Each officer's delegations (GET /api/v1/staff/{id}): who is away today, and until when. */
export function useAbsences(ids: string[]) {
  const today = hanoiToday();
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['staff', 'one', id],
      queryFn: () => unwrap(api.GET('/api/v1/staff/{id}', { params: { path: { id } } })),
      staleTime: 5 * 60_000,
    })),
  });
  const away = new Map<string, { until: string; to: string }>();
  for (const r of results) {
    const d = r.data?.delegations?.find((x) => x.fromStaffId === r.data?.id && x.from <= today && x.until >= today);
    if (r.data && d) away.set(r.data.id, { until: d.until, to: d.toStaffId });
  }
  return away;
}

/**
 * One Idempotency-Key per press of a button: a retry of the same request (same body) after a failure reuses it,
 * so it happens once; another request gets a new key. `done()` after an answer that settles it.
 */
export function usePressKey() {
  const last = useRef<{ body: string; key: string } | null>(null);
  return {
    keyFor(body: unknown): string {
      const json = JSON.stringify(body);
      if (last.current?.body !== json) last.current = { body: json, key: idempotencyKey() };
      return last.current.key;
    },
    done() {
      last.current = null;
    },
  };
}
