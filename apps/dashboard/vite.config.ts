import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dashboard's build: index.html + src/client -> dist/ (served by the server at /). `npm run dev -w
 * @vesselwatch/dashboard` serves it with hot reload and forwards the API and socket.io to a running
 * `npm start` (VW_DASHBOARD_DEV_API, default http://127.0.0.1:8080).
 */
export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': process.env.VW_DASHBOARD_DEV_API ?? 'http://127.0.0.1:8080',
      '/dashboard-config.json': process.env.VW_DASHBOARD_DEV_API ?? 'http://127.0.0.1:8080',
      '/socket.io': { target: process.env.VW_DASHBOARD_DEV_API ?? 'http://127.0.0.1:8080', ws: true },
    },
  },
});
