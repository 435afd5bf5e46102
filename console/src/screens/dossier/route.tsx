import { createRoute } from '@tanstack/react-router';
import { staffRoute } from '../../routes/root';
import { DossierScreen } from './DossierScreen';

/** The roles that work in this screen: ['clerk', 'officer', 'leader', 'supervisor', 'admin']. */
export const ROLES = ['clerk', 'officer', 'leader', 'supervisor', 'admin'] as const;

export const dossierRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/dossiers/$code',
  component: DossierScreen,
});
