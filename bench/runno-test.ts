/**
 * Ours on a suite: the wall time of a whole `runno test` process, from spawn to exit, as a
 * person at a terminal sees it (Node start-up, engine start, compile once, every case).
 * Spawned from a small Node process of its own, as native is: from the bench's process,
 * which by then holds every runtime in memory, each spawn costs tens of ms more.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonReport } from "../src/testing/reporters/json";
import { inChild } from "./child";
import type { SuiteLanguage } from "./suites";

/** A run takes seconds; a hang fails the figure. Three of these fit inChild's 120 s. */
const TIMEOUT_MS = 35_000;

export interface RunnoTestRun {
  ms: number;
  /** The runner's own `summary.durationMs`: the same run without Node and engine start-up. */
  runnerMs: number;
}

export type RunnoTestAnswer = { runs: RunnoTestRun[] } | { unavailable: string };

/**
 * `times` runs of `runno test` on a suite, in a child process; throws with the reason of a
 * failed run. `cached`: with a compile cache filled by one untimed run first (a re-run of
 * unchanged sources); otherwise with --no-cache, as on a first run.
 */
export async function runnoTestRuns(
  benchScript: string,
  language: SuiteLanguage,
  times: number,
  cached = false,
): Promise<RunnoTestRun[]> {
  const answer = await inChild<RunnoTestAnswer>(
    benchScript,
    cached ? "runno-test-cached" : "runno-test",
    language,
    times,
  );
  if ("unavailable" in answer) throw new Error(answer.unavailable);
  return answer.runs;
}

/** Runs in the child process. */
export async function runnoTestRunsInThisProcess(
  cliScript: string,
  yamlPath: string,
  cases: number,
  times: number,
  cached: boolean,
): Promise<RunnoTestAnswer> {
  const scratchDir = mkdtempSync(join(tmpdir(), "runno-bench-test-"));
  const cacheDir = cached ? join(scratchDir, "compile-cache") : undefined;
  try {
    if (cacheDir) await runnoTestOnce(cliScript, yamlPath, cases, scratchDir, cacheDir);
    const runs: RunnoTestRun[] = [];
    for (let i = 0; i < times; i++) runs.push(await runnoTestOnce(cliScript, yamlPath, cases, scratchDir, cacheDir));
    return { runs };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

/**
 * One `node dist/cli.js test FILE --reporter json --output TMP` with the default --jobs,
 * and the compile cache in `cacheDir` (none: --no-cache).
 * Throws unless it exited 0 and its report says every one of `cases` passed.
 */
async function runnoTestOnce(
  cliScript: string,
  yamlPath: string,
  cases: number,
  scratchDir: string,
  cacheDir?: string,
): Promise<RunnoTestRun> {
  const output = join(scratchDir, "runno-test-report.json");
  const args = [
    cliScript,
    "test",
    yamlPath,
    "--reporter",
    "json",
    "--output",
    output,
    ...(cacheDir ? [] : ["--no-cache"]),
  ];
  const env = cacheDir ? { ...process.env, RUNNO_CACHE_DIR: cacheDir } : process.env;
  const start = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], env });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`runno test exited ${code}: ${stderr.trim().slice(0, 300)}`);
  const report = JSON.parse(await readFile(output, "utf8")) as JsonReport;
  const { passed, failed, skipped } = report.summary;
  if (passed !== cases || failed !== 0) {
    throw new Error(
      `runno test: ${passed} passed, ${failed} failed, ${skipped} skipped of ${cases}; the figure would not be of a passing suite`,
    );
  }
  return { ms, runnerMs: report.summary.durationMs };
}
