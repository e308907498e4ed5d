import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // the server's CSP is script-src 'self': keep every script in a file, never inline
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': server,
      '/health': server,
      '/p/': server,
      '/socket.io': { target: server, ws: true },
      '^/t/[^/]+/[^/]+/feed\\.atom$': server,
      '^/f/[^/]+/feed\\.atom$': server,
    },
  },
});
