import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client';

/**
 * What a clerk's counter needs to know before a form: the procedures, the branches, and what the clerk's branch
 * receives today (a reception point receives what its branch receives). The reception screen and the queue of
 * online submissions share it.
 */
export function useCounterCatalogue(unitId: string) {
  const procedures = useQuery({ queryKey: ['procedures'], queryFn: () => unwrap(api.GET('/api/v1/procedures')), staleTime: 10 * 60_000 });
  const branches = useQuery({ queryKey: ['branches'], queryFn: () => unwrap(api.GET('/api/v1/branches')), staleTime: 10 * 60_000 });
  const here = branches.data?.find((b) => b.id === unitId);
  const branchId = here ? (here.kind === 'reception_point' ? (here.parentId ?? here.id) : here.id) : undefined;
  const offers = useQuery({
    queryKey: ['branch-procedures', branchId],
    queryFn: () => unwrap(api.GET('/api/v1/branches/{id}/procedures', { params: { path: { id: branchId! } } })),
    enabled: Boolean(branchId),
    staleTime: 60_000,
  });
  const offered = useMemo(() => new Set((offers.data?.procedures ?? []).map((p) => p.code)), [offers.data]);
  return {
    procedures,
    branches,
    offers,
    offered,
    error: procedures.error ?? branches.error ?? offers.error,
    ready: Boolean(procedures.data && branches.data && offers.data),
    refetch: () => {
      void procedures.refetch();
      void branches.refetch();
      void offers.refetch();
    },
  };
}
