import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** Every unit in operation today, by id (GET /api/v1/units): for showing names where the API gives ids. */
export function useUnitNames(enabled = true) {
  const q = useQuery({
    queryKey: ['units', 'today'],
    queryFn: () => unwrap(api.GET('/api/v1/units', { params: { query: {} } })),
    staleTime: 10 * 60_000,
    enabled,
  });
  const names = new Map((q.data ?? []).map((u) => [u.id, u.name] as const));
  return (id: string | null | undefined) => (id ? (names.get(id) ?? id) : '—');
}
