import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type Me = components['schemas']['Me'];
export type Role = NonNullable<Me['active']>['role'];

/** Who is signed in (GET /api/v1/me): null when nobody is (401). The hook and the routes' guard share it. */
export const meQuery = {
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      return await unwrap(api.GET('/api/v1/me'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 60_000,
} as const;

export function useMe() {
  return useQuery({ ...meQuery, retry: false });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { username: string; password: string }) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.clear();
      qc.setQueryData(['me'], me);
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/api/v1/auth/logout'));
    },
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(['me'], null);
    },
  });
}

export function useSwitchAssignment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { role: Role; unitId: string; onBehalfOf?: string }) => unwrap(api.POST('/api/v1/me/active', { body })),
    onSuccess: (me) => {
      // Everything seen so far was seen as the previous assignment.
      qc.clear();
      qc.setQueryData(['me'], me);
    },
  });
}

/** The screens each role works in, first one being its home: the one home of who uses which screen. */
export const SCREENS_OF: Record<Role, readonly string[]> = {
  clerk: ['/reception', '/online-submissions', '/inbox'],
  officer: ['/inbox'],
  leader: ['/leader', '/inbox', '/dashboard'],
  supervisor: ['/dashboard', '/inbox'],
  admin: ['/admin', '/dashboard'],
  system: [],
};

/** The roles that work in a screen (from SCREENS_OF), for the screen's own guard. */
export function rolesOf(screen: string): readonly Role[] {
  return (Object.keys(SCREENS_OF) as Role[]).filter((r) => SCREENS_OF[r].includes(screen));
}
