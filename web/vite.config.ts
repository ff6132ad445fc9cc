import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The web app: built into dist/web (served by `truce serve` at `/`), with a manifest so the
 * server and the size report can find the entry's files. `npm run dev:web` proxies /api and
 * /forms to a server on :3000.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:3000", "/forms": "http://127.0.0.1:3000" },
  },
});
