import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into web/dist and served by the Bulwark server (src/api/web.ts) under a strict CSP:
// no inline scripts or styles, no external origins, so nothing is inlined and assets stay files.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
