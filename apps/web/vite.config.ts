import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves dist/ on 127.0.0.1:5480; in dev, Vite proxies /api there.
export default defineConfig({
  plugins: [react()],
  base: './',
  build: { outDir: 'dist', chunkSizeWarningLimit: 6000, sourcemap: false },
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://127.0.0.1:5480' } },
});
