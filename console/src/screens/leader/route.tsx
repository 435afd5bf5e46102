import { createRoute } from '@tanstack/react-router';
import { staffRoute } from '../../routes/root';
import { LeaderScreen } from './LeaderScreen';

/** The roles that work in this screen: ['leader']. */
export const ROLES = ['leader'] as const;

export const leaderRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/leader',
  component: LeaderScreen,
});
