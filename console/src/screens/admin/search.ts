import { getRouteApi } from '@tanstack/react-router';
import { z } from 'zod';
import { UnitKind } from '../../../../domain/catalogue';

export const ADMIN_TABS = ['calendar', 'units', 'staff', 'branches', 'webhooks'] as const;
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

const id = z.string().regex(/^[A-Za-z0-9_.:@-]{1,100}$/);
const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Everything a view shows is in the URL (which tab, which year, unit, person or branch, the filters), so that a
 * view can be shared; a value that does not parse is dropped rather than breaking the page.
 */
export const AdminSearch = z.object({
  tab: z.enum(ADMIN_TABS).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  unit: id.optional().catch(undefined),
  kind: UnitKind.optional().catch(undefined),
  on: civilDate.optional().catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
  staff: id.optional().catch(undefined),
  branch: id.optional().catch(undefined),
  webhook: z.uuid().optional().catch(undefined),
  /** The webhook's deliveries shown: of this status only. */
  delivery: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
});
export type AdminSearch = z.infer<typeof AdminSearch>;

const routeApi = getRouteApi('/staff/admin');

/** The admin screen's state in the URL, and a way to change part of it (other keys kept). */
export function useAdminSearch() {
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const set = (patch: Partial<AdminSearch>, opts?: { replace?: boolean }) => void navigate({ search: (s: AdminSearch) => ({ ...s, ...patch }), replace: opts?.replace });
  return [search, set] as const;
}
