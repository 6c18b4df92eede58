// The judge bench's table, its targets, and its part of bench/results.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { JudgeResult } from "./judge";

const run = promisify(execFile);

export const JUDGE_TARGETS = { streamInMBs: 200, streamOutCompareMBs: 200, peakRssMB: 300 };

/** Runs the judge bench in a child process (`--judge`) and returns its answer. */
export async function judgeBench(benchScript: string): Promise<JudgeResult | { unavailable: string }> {
  try {
    const { stdout } = await run(process.execPath, [benchScript, "--judge"], {
      timeout: 30 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout.trim().split("\n").pop()!) as JudgeResult | { unavailable: string };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message.split("\n")[0] : String(error) };
  }
}

export interface JudgeTarget {
  name: string;
  met: boolean;
  detail: string;
}

export function checkJudgeTargets(result: JudgeResult): JudgeTarget[] {
  const { io } = result;
  return [
    {
      name: "stream stdin in at >= 200 MiB/s",
      met: io.streamIn.median >= JUDGE_TARGETS.streamInMBs,
      detail: `${io.streamIn.median} MiB/s end to end (median of ${io.rounds}); ${io.cpu.stdin.median} MiB per CPU second`,
    },
    {
      name: "stream output out and compare at >= 200 MiB/s",
      met: io.streamOutCompare.median >= JUDGE_TARGETS.streamOutCompareMBs,
      detail: `${io.streamOutCompare.median} MiB/s end to end, the program's own time included (median of ${io.rounds}); ${io.streamOutCompareRunnerOnly} MiB/s without it; ${io.cpu.output.median} MiB per CPU second of runno test (${io.cpu.outputRunnerOnly.median} without the program's); the tokens comparator alone ${io.compareTokens.median} MiB per CPU second`,
    },
    {
      name: "peak RSS of runno test < 300 MB (MiB here) with 50 MB cases",
      met: io.peakRss.max < JUDGE_TARGETS.peakRssMB,
      detail: `${io.peakRss.max} MiB at most`,
    },
  ];
}

export function formatJudgeReport(result: JudgeResult | { unavailable: string }): string {
  if ("unavailable" in result) return `Judge bench: n/a (${result.unavailable})`;
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const lines = [
    `Judge bench: a problem package with ${result.packages.sumSecretMB} MiB of secret input, runno test --solution --jobs 1 (s, median of ${result.rounds} rounds, compiled program cached)`,
    "",
    "| solution | first run (compiles) | runno test | programs in the sandbox | runner overhead | native + diff | ratio vs native |",
    "|---|---|---|---|---|---|---|",
    ...result.solutions.map(
      (r) =>
        `| ${r.language} | ${s(r.firstRunMs)} | ${s(r.runnoTest.median)} | ${s(r.programs.median)} | ${s(r.overhead.median)} | ${s(r.native.median)} | ${r.ratio.median}x |`,
    ),
    "",
    ...result.solutions.map((r) => `native ${r.language}: ${r.nativeNote}`),
    "",
    `The runner's own costs, ${result.packages.ioCaseMB} MiB cases of fixtures/bench/judge/io.c (a program that does next to nothing), MiB/s, median (min-max) of ${result.io.rounds} runs of runno test, load average ${result.io.loadAverage.join(" then ")}:`,
    "",
    "| | runno test | natively (gcc -O2) |",
    "|---|---|---|",
    `| stdin streamed in (drain: read 1 MiB at a time, discard) | ${range(result.io.streamIn)} | ${range(result.io.nativeStreamIn)} |`,
    `| output streamed out and compared token by token with the answer (print: 64 KiB writes) | ${range(result.io.streamOutCompare)} | ${range(result.io.nativeStreamOutCompare)} (piped into cmp) |`,
    `| the same without the program's own time (medians: print ${result.io.printMs.median} ms - null ${result.io.programAloneMs.median} ms) | ${result.io.streamOutCompareRunnerOnly} | |`,
    `| MiB per CPU second of the whole runno test process on the case alone, a start-only run's CPU (${result.io.cpu.startMs.median} ms) taken off: stdin (drain) | ${range(result.io.cpu.stdin)} | |`,
    `| the same: output out and compared (print) | ${range(result.io.cpu.output)} | |`,
    `| the same: print with null's CPU taken off instead (the runner's part) | ${range(result.io.cpu.outputRunnerOnly)} | |`,
    "",
    `The program alone (null: the same ${result.packages.ioCaseMB} MiB written to /dev/null in the sandbox, its start and fd_write calls included): ${range(result.io.programAloneMs)} ms. ` +
      `Peak RSS of runno test ${result.io.peakRss.median} MiB (max ${result.io.peakRss.max}; ${result.io.peakRssCompiling} MiB in a first run that also compiles io.c)`,
    `The comparator alone, on the answer (pushed 1 MiB at a time, the output 64 KiB), MiB per CPU second: tokens ${range(result.io.compareTokens)}, exact ${range(result.io.compareExact)}`,
    "",
    ...checkJudgeTargets(result).map((t) => `target: ${t.name}: ${t.met ? "met" : "NOT met"} (${t.detail})`),
  ];
  return lines.join("\n");
}

function range(summary: { median: number; min: number; max: number }): string {
  return `${summary.median} (${summary.min}-${summary.max})`;
}

export function judgeJson(result: JudgeResult | { unavailable: string }) {
  return "unavailable" in result ? result : { ...result, targets: checkJudgeTargets(result) };
}
