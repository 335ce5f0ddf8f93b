import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** The web UI: sources in web/, built into web/dist, which the server serves at `/`. */
export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { "^/(users|domains|pats|invitations|audit|health|openapi.json|[0-9a-f-]{36})": "http://localhost:8080" } },
});
