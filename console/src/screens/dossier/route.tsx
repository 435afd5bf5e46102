import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { staffRoute } from '../../routes/root';

export const dossierRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/dossiers/$code',
  // Its own chunk (it carries domain/actions.ts's rules): the first screen stays small.
  component: lazyRouteComponent(() => import('./DossierScreen'), 'DossierScreen'),
});
