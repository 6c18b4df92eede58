// Shared by the tests: one engine on the built bundle, and small conveniences.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileMap, RunRequest, RunResult } from "../src/engine/api";
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform, nodePlatform } from "../src/engine/platform/node";

/** `dist/`, where the bundled worker and the runtime files are. */
export const DIST = join(__dirname, "..");
export const REPO = join(DIST, "..");

/** The `runno` command as installed (`bin/runno.js`). */
export const RUNNO = join(REPO, "bin", "runno.js");

const scratchDirs: string[] = [];
process.on("exit", () => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder under the system's temporary folder, removed when the tests end. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

/** The compile cache of the `runno` commands the tests start: theirs alone, empty at first. */
export const TEST_CACHE_DIR = scratchDir("runno-test-cache-");

/** Runs `runno ARGS` as a user would, in the repository, and returns what it printed. */
export function spawnRunno(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const child = spawnSync(process.execPath, [RUNNO, ...args], {
    cwd: REPO,
    input: options.input ?? "",
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, RUNNO_CACHE_DIR: TEST_CACHE_DIR, ...options.env },
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

export function createEngine(workers = 2): SandboxEngine {
  return new SandboxEngine(bundledNodePlatform(DIST), { workers });
}

/** One worker, as in a browser that is not cross-origin isolated: output and stdin travel as messages. */
export function createEngineWithoutSharedMemory(): SandboxEngine {
  const platform = nodePlatform({
    workerScript: join(DIST, "worker.node.js"),
    assetsDir: join(DIST, "langs"),
    sharedMemory: false,
  });
  return new SandboxEngine(platform, { workers: 1 });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const bytes = (text: string) => encoder.encode(text);
export const text = (data: Uint8Array) => decoder.decode(data);

export function filesOf(entries: Record<string, string | Uint8Array>): FileMap {
  return new Map(
    Object.entries(entries).map(([path, content]) => [path, typeof content === "string" ? bytes(content) : content]),
  );
}

/** Run one source file placed at /workspace/NAME. */
export function runSource(
  engine: SandboxEngine,
  runtime: RunRequest["runtime"],
  name: string,
  source: string,
  extra: Partial<RunRequest> = {},
  stdin?: string,
): Promise<RunResult> {
  return engine.run({
    runtime,
    entry: `/workspace/${name}`,
    files: filesOf({ [`/workspace/${name}`]: source }),
    stdin: stdin === undefined ? undefined : { kind: "bytes", data: bytes(stdin) },
    ...extra,
  });
}
