// Vite config of the map client: `vite build client` (npm run build:client) writes client/dist, which
// Express serves; `npx vite client` serves it in development with /api proxied to the Node server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // OpenLayers is most of the bundle; one chunk of ~0.5 MB is fine for a desk application.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/tiles'].map((p) => [p, { target: process.env.TERRIER_API ?? 'http://localhost:3000', changeOrigin: true }])),
  },
});
