// Bundles each e2e/*.test.ts (with the harness) into e2e/dist for mocha.
// Type checking is separate: `npm run typecheck`.
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";

const testFiles = readdirSync(".").filter((f) => f.endsWith(".test.ts"));

await esbuild.build({
  entryPoints: testFiles,
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  // Loaded from node_modules at run time: playwright-core reads its own files next to it.
  external: ["playwright-core", "mocha"],
});
