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
      // The charts (recharts, d3, @mantine/charts) are needed only on the dashboard, which imports them lazily: the
      // bundler gives that dynamic import a chunk of its own. A manualChunks rule for them also pulled the modules
      // they share with the first screen (React, Mantine) into that chunk, so the first screen loaded the charts.
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/print': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000' } },
});
