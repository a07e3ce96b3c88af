import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The till screen: one React app, built once, served by either shell (app:// in Electron,
// the loopback bridge in the browser shell). Output: dist-renderer/.
const root = fileURLToPath(new URL('../renderer', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist-renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // A desktop till loads its screen from disk or loopback, once: one ~500 kB bundle is fine.
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', strictPort: true, port: 5173 },
});
