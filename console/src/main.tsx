// Self-hosted, Vietnamese-complete (each subset is fetched only when its characters appear).
import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/700.css';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import './i18n';
import { createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { makeRouter } from './router';

const theme = createTheme({ fontFamily: '"Be Vietnam Pro", "DejaVu Sans", sans-serif', primaryColor: 'blue', primaryShade: 8 });

// Mantine's dimmed grey (gray-6 on white) is below WCAG AA's 4.5:1 for small text: gray-7 meets it. Likewise its
// error red (red-6, about 3.3:1: a field's message and its text when invalid): red-9 meets it.
const cssVariables: CSSVariablesResolver = (t) => ({ variables: {}, light: { '--mantine-color-dimmed': t.colors.gray[7], '--mantine-color-error': t.colors.red[9] }, dark: {} });

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal is an answer, not a hiccup: only network failures and 503s are worth asking again.
      retry: (count, e) => count < 2 && e instanceof ApiError && (e.status === 0 || e.status === 503),
      refetchOnWindowFocus: true,
    },
  },
});
const router = makeRouter(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
