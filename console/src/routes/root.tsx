import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, Outlet, redirect } from '@tanstack/react-router';
import { meQuery, type Me, type Role } from '../auth/session';
import { Shell } from '../layout/Shell';

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet });


/** Every staff screen: signed in, or off to the sign-in page (which comes back here afterwards). */
export const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'staff',
  component: Shell,
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/signin', search: { redirect: location.href } });
    return { me };
  },
});

/** For a screen's beforeLoad: the role acting now, when it is one of `roles`; otherwise null. */
export function activeRoleIn(me: Me, roles: readonly Role[]): Role | null {
  const role = me.active?.role;
  return role && roles.includes(role) ? role : null;
}
