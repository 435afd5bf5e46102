import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import type { DashboardSearch } from './route';

export type Branch = components['schemas']['Branch'];
export type OverdueRow = components['schemas']['OverdueDossier'];
export type DueSoonRow = components['schemas']['DueSoonDossier'];
export type RunningRow = Omit<OverdueRow, 'overdueWorkingDays'> & { overdueWorkingDays?: number; workingHoursLeft?: number };
export type SummaryRow = components['schemas']['SummaryRow'];

/** The dashboard refreshes itself this often (issue 11 item 8: short polling). */
export const REFRESH_MS = 30_000;

/** The filters every report takes, as the API names them (only those set). */
export interface ReportFilters {
  branchId?: string;
  departmentId?: string;
  procedureCode?: string;
}

export function filtersOf(search: DashboardSearch): ReportFilters {
  const f: ReportFilters = {};
  if (search.branchId) f.branchId = search.branchId;
  if (search.departmentId) f.departmentId = search.departmentId;
  if (search.procedureCode) f.procedureCode = search.procedureCode;
  return f;
}

/** A download of a report with the filters on screen (the API answers CSV or XLSX for format=). */
export function exportUrl(path: string, query: Record<string, string | undefined>, format: 'csv' | 'xlsx'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  params.set('format', format);
  return `${path}?${params.toString()}`;
}

/** Branches and reception points in operation today, departments and procedures: names and the filters' choices. */
export function useCatalogue() {
  const branches = useQuery({ queryKey: ['branches'], queryFn: () => unwrap(api.GET('/api/v1/branches')), staleTime: 10 * 60_000 });
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => unwrap(api.GET('/api/v1/departments')), staleTime: 10 * 60_000 });
  const procedures = useQuery({ queryKey: ['procedures'], queryFn: () => unwrap(api.GET('/api/v1/procedures')), staleTime: 10 * 60_000 });
  const unitById = new Map<string, Branch>((branches.data ?? []).map((b) => [b.id, b]));
  const names = new Map<string, string>([...(branches.data ?? []), ...(departments.data ?? [])].map((u) => [u.id, u.name]));
  const procedureNames = new Map((procedures.data ?? []).map((p) => [p.code, p.name]));
  return {
    branches: branches.data ?? [],
    departments: departments.data ?? [],
    procedures: procedures.data ?? [],
    error: branches.error ?? departments.error ?? procedures.error,
    /** A unit's name, or its id while the names load (or for a unit no longer in operation). */
    unitName: (id: string) => names.get(id) ?? id,
    procedureName: (code: string) => procedureNames.get(code) ?? code,
    /** The branch a receiving unit belongs to: a reception point's parent, or the branch itself. */
    branchOf: (id: string) => {
      const u = unitById.get(id);
      return u?.kind === 'reception_point' && u.parentId ? u.parentId : id;
    },
  };
}
export type Catalogue = ReturnType<typeof useCatalogue>;
