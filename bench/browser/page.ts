/**
 * The browser bench page's script (dist/bench-page.js): our engine on Web Workers, as in
 * vscode.dev, with the worker script and runtime files fetched from the page's origin.
 * `runnoBench(request)` times a fresh engine's first run, then warm runs on that engine.
 */
import { SandboxEngine } from "../../src/engine/host";
import { webPlatform } from "../../src/engine/platform/web";
import { timeRun } from "../hello-run";
import { PROGRAMS, type BenchRuntime } from "../programs";

export interface PageRequest {
  runtime: BenchRuntime;
  /** 0 and 0: the cold run alone. */
  warmups: number;
  runs: number;
}

export interface PageAnswer {
  /** From the engine's construction to the first result, in ms. */
  coldMs: number;
  warmMs: number[];
  crossOriginIsolated: boolean;
  /** Without it, output and stdin go to and from the workers as messages. */
  sharedArrayBuffer: boolean;
}

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function createEngine(): SandboxEngine {
  return new SandboxEngine(
    webPlatform({
      workerUrl: async () => new URL("worker.web.js", location.href).href,
      readAsset: (name) => fetchBytes(new URL(`langs/${name}`, location.href)),
    }),
  );
}

async function runnoBench(request: PageRequest): Promise<PageAnswer> {
  const program = PROGRAMS.find((p) => p.runtime === request.runtime);
  if (!program) throw new Error(`unknown runtime ${request.runtime}`);
  const start = performance.now();
  const engine = createEngine();
  try {
    await timeRun(engine, program);
    const coldMs = performance.now() - start;
    for (let i = 0; i < request.warmups; i++) await timeRun(engine, program);
    const warmMs: number[] = [];
    for (let i = 0; i < request.runs; i++) warmMs.push(await timeRun(engine, program));
    return { coldMs, warmMs, crossOriginIsolated, sharedArrayBuffer: typeof SharedArrayBuffer === "function" };
  } finally {
    await engine.dispose();
  }
}

(globalThis as { runnoBench?: typeof runnoBench }).runnoBench = runnoBench;
