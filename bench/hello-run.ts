// One hello-world run on our engine, checked: the same code in Node and in the browser bench page.
import type { RunRequest } from "../src/engine/api";
import type { SandboxEngine } from "../src/engine/host";
import { greeted, type HelloProgram } from "./programs";
import { timed } from "./stats";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
