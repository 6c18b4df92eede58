// The engine's platform on Node: worker_threads, and runtime files read from disk.
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { gunzip } from "node:zlib";
import type { HostMessage, WorkerMessage } from "../protocol";
import type { Platform, WorkerEvents, WorkerHandle } from "./types";

export interface NodePlatformOptions {
  /** The bundled worker script (`dist/worker.node.js`). */
  workerScript: string;
  /** The folder holding the runtime files (`dist/langs`), or folders tried in turn. */
  assetsDir: string | string[];
  /** JS heap of a worker, in MiB: the shim's own allocations, not the guest's wasm memory. */
  workerHeapMb?: number;
  /** false runs as a browser without cross-origin isolation does: for testing that path. */
  sharedMemory?: boolean;
}

const gunzipAsync = promisify(gunzip);

export function nodePlatform(options: NodePlatformOptions): Platform {
  return {
    startWorker(events: WorkerEvents): WorkerHandle {
      const worker = new Worker(options.workerScript, {
        resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb ?? 512 },
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
    readAsset: (name) => readFirst([options.assetsDir].flat().map((dir) => join(dir, name))),
    // zlib on libuv's thread pool: about 3x faster than DecompressionStream here.
    gunzip: async (bytes) => new Uint8Array(await gunzipAsync(bytes)),
    parallelism: () => availableParallelism(),
    sharedMemory: options.sharedMemory ?? true,
  };
}

/** The first of these files that exists. */
async function readFirst(paths: string[]): Promise<Uint8Array> {
  for (const [i, path] of paths.entries()) {
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || i === paths.length - 1) throw error;
    }
  }
  throw new Error("no folder of runtime files");
}

/** The platform for code bundled into `dist/`, next to `worker.node.js` and `langs/`. */
export function bundledNodePlatform(distDir: string): Platform {
  return nodePlatform({ workerScript: join(distDir, "worker.node.js"), assetsDir: join(distDir, "langs") });
}
