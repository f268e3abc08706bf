/**
 * Builds the dashboard into dist/: index.html plus hashed assets, everything bundled (React, uPlot,
 * GraphiQL, the event catalog), so the served page never loads anything from another origin.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  // JSX with React's automatic runtime, by esbuild: no Babel plugin needed.
  esbuild: { jsx: 'automatic' },
  // `npx vite` in this folder: the page with live reload, talking to a `carehooks serve` on the default port.
  server: {
    proxy: { '/graphql': 'http://127.0.0.1:4000', '/dashboard': 'http://127.0.0.1:4000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // GraphiQL is loaded only on the explorer page, in its own chunk; it is large by nature.
    chunkSizeWarningLimit: 2500,
    reportCompressedSize: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // React libraries mark client components with "use client"; it means nothing in a plain bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
