// Our engine: a cold first run in a fresh process, and warm runs on a long-lived engine.
import type { RunRequest } from "../src/engine/api";
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform } from "../src/engine/platform/node";
import { inChild } from "./child";
import { greeted, type HelloProgram } from "./programs";
import { timed } from "./stats";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function createEngine(distDir: string): SandboxEngine {
  return new SandboxEngine(bundledNodePlatform(distDir));
}

function requestFor(program: HelloProgram): RunRequest {
  const entry = `/workspace/${program.name}`;
  return { runtime: program.runtime, entry, files: new Map([[entry, encoder.encode(program.source)]]) };
}

/** One hello-world run (compile + run for C/C++), in ms; throws unless it greeted. */
export async function timeRun(engine: SandboxEngine, program: HelloProgram): Promise<number> {
  const { ms, value: result } = await timed(() => engine.run(requestFor(program)));
  const stdout = decoder.decode(result.stdout);
  if (result.status !== "exited" || result.exitCode !== 0 || !greeted(stdout)) {
    const why = result.status === "crashed" || result.status === "killed" ? result.message : result.status;
    throw new Error(`${program.runtime}: our engine did not greet (${why}): ${stdout}${decoder.decode(result.stderr)}`);
  }
  return ms;
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
export async function warmRuns(engine: SandboxEngine, program: HelloProgram, warmups: number, runs: number): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await timeRun(engine, program);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeRun(engine, program));
  return samples;
}
