import react from "@vitejs/plugin-react";
import { defineConfig, Plugin } from "vite";

/**
 * macaw-ui's stylesheet declares 48 font files (Geist, Inter, each weight); keep only the
 * variable Inter the dashboard renders with, so the wheel carries 2 fonts, not 4 MB of them.
 */
function onlyVariableInter(): Plugin {
  return {
    name: "only-variable-inter",
    enforce: "pre",
    transform(code, id) {
      if (!id.includes("@saleor/macaw-ui/dist/style.css")) return null;
      return code.replace(/@font-face\{[^}]*\}/g, (rule) => (rule.includes("font-family:Inter var") ? rule : ""));
    },
  };
}

// The build goes into the Python package, which serves it under /loyalty/
// (relative asset URLs, so it also works inside a dashboard-extension iframe).
export default defineConfig({
  plugins: [react(), onlyVariableInter()],
  base: "./",
  build: {
    outDir: "../saleor_loyalty/console/build",
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { "/graphql/": "http://127.0.0.1:8000" },
  },
});
