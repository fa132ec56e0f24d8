/// <reference types="vitest/config" />
// The admin app is served by the vitrine binary under /admin: built into ../build/web-dist, which
// CMake embeds in the binary. `npm run dev` proxies the API to a vitrine on :8080.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: '../build/web-dist',
    emptyOutDir: true,
    // Hashed names under assets/: served immutable for a year.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/cdn': 'http://127.0.0.1:8080', '/admin/runtime.js': 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
