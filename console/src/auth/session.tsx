import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type Me = components['schemas']['Me'];
export type Role = NonNullable<Me['active']>['role'];

/** Who is signed in (GET /api/v1/me): null when nobody is (401). */
export function useMe() {
  return useQuery({
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
    retry: false,
  });
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

/** The screens each role works in, first one being its home. */
export const SCREENS_OF: Record<Role, readonly string[]> = {
  clerk: ['/reception', '/inbox'],
  officer: ['/inbox'],
  leader: ['/leader', '/inbox', '/dashboard'],
  supervisor: ['/dashboard', '/inbox'],
  admin: ['/admin', '/dashboard'],
  system: [],
};
