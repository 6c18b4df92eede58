// The engine's platform on Node: worker_threads, and runtime files read from disk.
import { open, readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { gunzip } from "node:zlib";
import type { HostMessage, WorkerMessage } from "../wire/protocol";
import type { Platform, WorkerEvents, WorkerHandle } from "./types";

export interface NodePlatformOptions {
  /** The bundled worker script (`dist/worker.node.js`). */
  workerScript: string;
  /** The folder holding the runtime files (`dist/langs`), or folders tried in turn. */
  assetsDir: string | string[];
  /** JS heap of a worker, in MiB: the shim's own allocations, not the guest's wasm memory. */
  workerHeapMb?: number;
  /** V8's own stack in a worker, in MiB: every wasm call takes some of it (see WORKER_STACK_MB). */
  workerStackMb?: number;
  /**
   * How V8 compiles compilers (clang, wasm-ld). "baseline" (default): Liftoff only. A cold
   * C++ compile took a third of the CPU time of V8's tiering, and warm ones no more: the
   * 200-line C++17 program's 2nd-4th compiles in one engine took 5.2-5.4 s of CPU
   * Liftoff-only against 5.1-5.8 s tiered, whose first took 15.4 s against 7.3 s
   * (clang 22 with the precompiled header, 2026-12-01). "v8-defaults": no flags, as the
   * engine compiled every module before clang 22 (whole-module validation, tier-up of hot
   * functions to TurboFan): the bench's baseline of clang 8 as the product ran it.
   */
  compilerTier?: "baseline" | "v8-defaults";
  /** false runs as a browser without cross-origin isolation does: for testing that path. */
  sharedMemory?: boolean;
}

const gunzipAsync = promisify(gunzip);

/**
 * Each wasm call also takes a frame on V8's native stack, 4 MiB by default in a worker: a C
 * recursion 200,000 deep (a depth-first search on a path) would die of "Maximum call stack
 * size exceeded" long before the program's own 8 MiB stack is used up. With this much, a
 * program runs out of its own stack first, as natively. Only touched pages are committed.
 */
export const WORKER_STACK_MB = 128;

export function nodePlatform(options: NodePlatformOptions): Platform {
  const assetPaths = (name: string) => [options.assetsDir].flat().map((dir) => join(dir, name));
  return {
    startWorker(events: WorkerEvents): WorkerHandle {
      const worker = new Worker(options.workerScript, {
        resourceLimits: {
          maxOldGenerationSizeMb: options.workerHeapMb ?? 512,
          stackSizeMb: options.workerStackMb ?? WORKER_STACK_MB,
        },
        // The guest must not see or change the host's environment.
        env: {},
        stdout: false,
        stderr: false,
      });
      let terminated = false;
      worker.on("message", (message: WorkerMessage) => events.onMessage(message));
      worker.on("error", (error: Error & { code?: string }) => {
        if (!terminated) events.onFailure(error.message, error.code === "ERR_WORKER_OUT_OF_MEMORY");
      });
      worker.on("exit", (code) => {
        if (!terminated) events.onFailure(`the sandbox worker stopped unexpectedly (exit code ${code})`, false);
        terminated = true;
      });
      return {
        post: (message: HostMessage) => worker.postMessage(message),
        terminate: () => {
          terminated = true;
          void worker.terminate();
        },
      };
    },
    readAsset: (name) => readFirst(assetPaths(name)),
    readModuleAsset: (name, headroom) => readFirst(assetPaths(name), headroom),
    // zlib on libuv's thread pool: about 3x faster than DecompressionStream here.
    gunzip: async (bytes) => new Uint8Array(await gunzipAsync(bytes)),
    parallelism: () => availableParallelism(),
    compileWasm: async (bytes, kind) => {
      if (kind === "program") return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
      if (options.compilerTier === "v8-defaults") return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
      return compileTool(bytes as Uint8Array<ArrayBuffer>);
    },
    sharedMemory: options.sharedMemory ?? true,
  };
}

/**
 * A compiler's module (clang, wasm-ld: our own binaries, not the user's). V8 reads these
 * flags when it creates a module and keeps them with it, so they are set around a
 * synchronous compile, during which no other module is made. --wasm-lazy-validation: a
 * function is validated when it is first compiled (lazily, Node's default) instead of the
 * whole 75 MB at once: about 270 ms of CPU less per process. --liftoff-only ("baseline"):
 * the compiler never spends the machine's cores on TurboFan.
 */
function compileTool(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  const flags = ["wasm-lazy-validation", "liftoff-only"];
  for (const flag of flags) setFlagsFromString(`--${flag}`);
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    for (const flag of flags) setFlagsFromString(`--no-${flag}`);
  }
}

/** The first of these files that exists (with `headroom` free bytes before it: `readFileWithHeadroom`). */
async function readFirst(paths: string[], headroom = 0): Promise<Uint8Array> {
  for (const [i, path] of paths.entries()) {
    try {
      return headroom > 0 ? await readFileWithHeadroom(path, headroom) : new Uint8Array(await readFile(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || i === paths.length - 1) throw error;
    }
  }
  throw new Error("no folder of runtime files");
}

/** A whole file read into a new buffer of its own, `headroom` bytes into it (Platform.readModuleAsset). */
export async function readFileWithHeadroom(path: string, headroom: number): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const buffer = new Uint8Array(headroom + size);
    let length = 0;
    while (length < size) {
      const { bytesRead } = await file.read(buffer, headroom + length, size - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(headroom, headroom + length);
  } finally {
    await file.close();
  }
}

/** The platform for code bundled into `dist/`, next to `worker.node.js` and `langs/`. */
export function bundledNodePlatform(
  distDir: string,
  options: Pick<NodePlatformOptions, "compilerTier"> = {},
): Platform {
  return nodePlatform({ workerScript: join(distDir, "worker.node.js"), assetsDir: join(distDir, "langs"), ...options });
}
