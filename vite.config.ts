import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The renderer is one static bundle served two ways: by the headless host over http and by the
// Electron shell over its app:// protocol. Relative asset URLs (`base: "./"`) work under both.
export default defineConfig({
  root: fileURLToPath(new URL("./renderer", import.meta.url)),
  base: "./",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./out/renderer", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // No inline scripts or data: URLs for code, so the strict CSP holds (script-src 'self').
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  // `npm run dev:renderer` (hot reload) next to a running `npm run serve`: the socket and the API
  // are proxied to that host; open the dev URL with the host's `#token=…` appended.
  server: {
    host: "127.0.0.1",
    proxy: {
      "/ws": { target: process.env.RAGENTS_HOST ?? "http://127.0.0.1:7420", ws: true, changeOrigin: false },
      "/api": { target: process.env.RAGENTS_HOST ?? "http://127.0.0.1:7420", changeOrigin: false },
    },
  },
});
