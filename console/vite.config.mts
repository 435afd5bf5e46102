import { defineConfig } from 'vite';

/**
 * The console: a single-page app built to console/dist and served by the API process at / (api/console.ts).
 * JSX goes through Vite's own transformer (oxc); no plugin is needed for a production build.
 */
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // React libraries mark their modules "use client" (a server-components hint, meaningless in a SPA bundle).
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        // The charts are needed only on the dashboard: their own chunk keeps them out of the first screen.
        manualChunks: (id: string) => (/recharts|d3-|@mantine\/charts/.test(id) ? 'charts' : undefined),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/print': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000' } },
});
