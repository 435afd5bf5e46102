import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { rootRoute } from '../../routes/root';
import { SignInScreen } from './SignInScreen';

export const signinRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/signin',
  validateSearch: z.object({ redirect: z.string().optional().catch(undefined) }),
  component: SignInScreen,
});
