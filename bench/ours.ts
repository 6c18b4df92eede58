// Our engine: a cold first run in a fresh process, and warm runs on a long-lived engine.
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform } from "../src/engine/platform/node";
import { inChild } from "./child";
import { timeRun } from "./hello-run";
import type { HelloProgram } from "./programs";

export function createEngine(distDir: string): SandboxEngine {
  return new SandboxEngine(bundledNodePlatform(distDir));
}

/** Runs in the child process: a fresh engine's first run, from its construction on. */
export async function coldRunInThisProcess(distDir: string, program: HelloProgram): Promise<number> {
  const start = performance.now();
  const engine = createEngine(distDir);
  try {
    await timeRun(engine, program);
    return performance.now() - start;
  } finally {
    await engine.dispose();
  }
}

/**
 * A cold run in a new Node process, so that nothing compiled earlier in this one (V8 may
 * reuse a compiled module for identical bytes) makes it look warmer than it is.
 * Node's own start-up and loading the bench bundle are not counted.
 */
export async function coldRun(benchScript: string, program: HelloProgram): Promise<number> {
  return (await inChild<{ ms: number }>(benchScript, "cold", program.runtime)).ms;
}

/** Warm latency: `warmups` runs thrown away, then `runs` timed ones on the same engine. */
export async function warmRuns(
  engine: SandboxEngine,
  program: HelloProgram,
  warmups: number,
  runs: number,
): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await timeRun(engine, program);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeRun(engine, program));
  return samples;
}
