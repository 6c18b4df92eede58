// The engine's platform in a browser (vscode.dev): Web Workers, and runtime files read by the caller.
import type { HostMessage, WorkerMessage } from "../wire/protocol";
import type { Platform, WorkerEvents, WorkerHandle } from "./types";

export interface WebPlatformOptions {
  /** URL of the worker script (a blob: URL of dist/worker.web.js); a promise while it is made. */
  workerUrl: () => Promise<string>;
  /** Bytes of a runtime file (`python-3.12.0.wasm`), from the extension's own files. */
  readAsset(name: string): Promise<Uint8Array>;
}

export function webPlatform(options: WebPlatformOptions): Platform {
  let url: Promise<string> | undefined;
  return {
    startWorker(events: WorkerEvents): WorkerHandle {
      let worker: Worker | undefined;
      let terminated = false;
      const waiting: HostMessage[] = [];
      (url ??= options.workerUrl()).then(
        (scriptUrl) => {
          if (terminated) return;
          worker = new Worker(scriptUrl);
          worker.onmessage = (event: MessageEvent<WorkerMessage>) => events.onMessage(event.data);
          worker.onerror = (event) => {
            event.preventDefault();
            if (!terminated) events.onFailure(event.message || "the sandbox worker failed", false);
          };
          for (const message of waiting.splice(0)) worker.postMessage(message);
        },
        (error) =>
          events.onFailure(`cannot start the sandbox worker: ${error instanceof Error ? error.message : error}`, false),
      );
      return {
        post: (message) => (worker ? worker.postMessage(message) : waiting.push(message)),
        terminate: () => {
          terminated = true;
          worker?.terminate();
        },
      };
    },
    readAsset: options.readAsset,
    gunzip: async (bytes) => {
      const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    },
    // Browsers report logical cores; more workers than that only share them.
    parallelism: () => Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 2)),
    // SharedArrayBuffer reaches a worker only on a cross-origin-isolated page.
    sharedMemory:
      typeof SharedArrayBuffer === "function" &&
      (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  };
}
