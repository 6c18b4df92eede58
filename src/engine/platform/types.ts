/**
 * The only platform seam of the engine: how a worker is started and how runtime files are
 * read. Chosen at the entry point and passed in; nothing is installed globally.
 */
import type { HostMessage, WorkerMessage } from "../wire/protocol";

export interface WorkerHandle {
  post(message: HostMessage): void;
  /** Stop the worker at once and release everything it held. */
  terminate(): void;
}

export interface WorkerEvents {
  onMessage(message: WorkerMessage): void;
  /** The worker died on its own (out of memory, crash); `outOfMemory` when it hit its heap cap. */
  onFailure(message: string, outOfMemory: boolean): void;
}

export interface Platform {
  startWorker(events: WorkerEvents): WorkerHandle;
  /** Bytes of a runtime file shipped with the engine (`python-3.12.0.wasm`). */
  readAsset(name: string): Promise<Uint8Array>;
  /**
   * A runtime module's bytes in a buffer of the caller's own, with at least `headroom` free
   * bytes before them, so that rewriting its first sections needs no copy of the whole
   * module (75 MB for clang). Optional: without it, `readAsset` and one copy.
   */
  readModuleAsset?(name: string, headroom: number): Promise<Uint8Array>;
  /** Decompresses a gzip stream (the runtime layers), off the calling thread where possible. */
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;
  /** How many programs may run at once by default. */
  parallelism(): number;
  /**
   * Compiles a module. `tool` marks a compiler that runs briefly on every compile (clang,
   * wasm-ld), where the time spent optimizing its machine code is never won back.
   * Default: `WebAssembly.compile`.
   */
  compileWasm?(bytes: Uint8Array, kind: "tool" | "program"): Promise<WebAssembly.Module>;
  /** Whether SharedArrayBuffer can be posted to workers (blocking stdin, the output ring). */
  sharedMemory: boolean;
}
