import { createRoute, createRouter, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { SCREENS_OF } from './auth/session';
import { NotFound } from './layout/NotFound';
import { rootRoute, staffRoute } from './routes/root';
import { signinRoute } from './screens/signin/route';
import { lookupRoute } from './screens/lookup/route';
import { receptionRoute } from './screens/reception/route';
import { onlineRoute } from './screens/online/route';
import { inboxRoute } from './screens/inbox/route';
import { dossierRoute } from './screens/dossier/route';
import { leaderRoute } from './screens/leader/route';
import { dashboardRoute } from './screens/dashboard/route';
import { adminRoute } from './screens/admin/route';

/** `/`: the home screen of the role acting now. */
const homeRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    const role = context.me.active?.role;
    const home = role ? SCREENS_OF[role][0] : undefined;
    if (home) throw redirect({ to: home });
  },
  component: NotFound,
});

const routeTree = rootRoute.addChildren([
  signinRoute,
  lookupRoute,
  staffRoute.addChildren([homeRoute, receptionRoute, onlineRoute, inboxRoute, dossierRoute, leaderRoute, dashboardRoute, adminRoute]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultNotFoundComponent: NotFound, defaultPreload: false, scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
