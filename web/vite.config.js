// Vite configuration for the Kring web app.
// No React plugin: esbuild compiles JSX with the automatic runtime.
import { defineConfig } from 'vite';

// `npm run dev` proxies API calls to a running Kring server.
// Point it elsewhere with KRING_DEV_API=http://host:port.
const devApi = process.env.KRING_DEV_API || 'http://127.0.0.1:8080';

export default defineConfig({
  esbuild: {
    jsx: 'automatic',
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': devApi,
      '/healthz': devApi,
    },
  },
});
