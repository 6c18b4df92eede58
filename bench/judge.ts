/**
 * The judge bench (issue 10): `runno test PROBLEM --solution FILE` on a generated problem
 * package with about 21 MB of secret input, for a C and a Python solution, against the same
 * solutions run natively case by case (gcc -O2, python3) with their output compared by
 * `diff`; then the runner's own costs on 50 MiB cases of a program that does next to nothing
 * itself (fixtures/bench/judge/io.c): streaming stdin in, streaming output out and comparing
 * it token by token, the program's own cost apart, and the peak RSS of the `runno test`
 * process; the same program natively beside them.
 * Runs in a process of its own (`node dist/bench.js --judge`), which holds no runtime, so
 * spawning natives is not slowed down; answers with one line of JSON.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonReport } from "../src/testing/reporters/json";
import { createStreamComparator, type StreamMode } from "../src/testing/stream-compare";
import { writeJudgePackages, type IoCase, type JudgePackages } from "./judge-package";
import { summarize, type Summary } from "./stats";

export const JUDGE_ROUNDS = 2;
const RUN_TIMEOUT_MS = 300_000;
const MiB = 1024 * 1024;

export type JudgeLanguage = "c" | "python";
const SOLUTIONS: Record<JudgeLanguage, string> = {
  c: "fixtures/bench/judge/sum.c",
  python: "fixtures/bench/judge/sum.py",
};

export interface JudgeSolutionResult {
  language: JudgeLanguage;
  /** Wall time of the first `runno test`, which compiles (C) into an empty compile cache, ms. */
  firstRunMs: number;
  /** Wall time of the whole `runno test` process, ms. */
  runnoTest: Summary;
  /** The cases' own run time in the sandbox, summed (the report's durationMs of each case), ms. */
  programs: Summary;
  /** runnoTest - programs, round by round: the runner's own overhead, ms. */
  overhead: Summary;
  native: Summary;
  nativeNote: string;
  /** runno test / native, round by round. */
  ratio: Summary;
}

/**
 * The runner's own costs, with `fixtures/bench/judge/io.c`, a program that does next to
 * nothing itself, on cases of `caseBytes`; each figure a median over the rounds.
 */
export interface JudgeIoResult {
  /** MiB/s of the `drain` case: caseBytes streamed into a program that reads them 1 MiB at a time and discards them. */
  streamIn: Summary;
  /** MiB/s of the `print` case: caseBytes written 64 KiB at a time, streamed out and compared token by token with an answer of caseBytes. */
  streamOutCompare: Summary;
  /** ms of the `print` case. */
  printMs: Summary;
  /** ms of the `null` case: the same program writing the same bytes to /dev/null in the sandbox (its own cost, start included). */
  programAloneMs: Summary;
  /** MiB/s of `print` with the program's own time taken off: caseBytes / (median print ms - median null ms). */
  streamOutCompareRunnerOnly: number;
  /** Peak RSS of the whole `runno test` process (workers included), MiB, the program compiled already. */
  peakRss: Summary;
  /** The same for the first run, which also compiles the program (clang in the sandbox), MiB. */
  peakRssCompiling: number;
  /**
   * MiB per CPU second of the runner's comparator alone, in this process (CPU time, so that
   * other work on the machine does not count): the answer against itself, pushed as in a run
   * (answer 1 MiB, output 64 KiB at a time), the first of three passes included.
   */
  compareTokens: Summary;
  compareExact: Summary;
  /** The same program natively (gcc -O2): `drain` reading the file, `print` piped into `cmp` with the answer, MiB/s. */
  nativeStreamIn: Summary;
  nativeStreamOutCompare: Summary;
  /**
   * MiB per CPU second of a whole `runno test` process (all its threads) on one case, the
   * CPU time of a process on the `start` case (no data) taken off, round by round: robust to
   * the machine's other work, which wall time is not. `stdin`: drain; `output`: print, the
   * program's own writing included; `outputRunnerOnly`: print with null's CPU taken off instead.
   */
  cpu: { stdin: Summary; output: Summary; outputRunnerOnly: Summary; startMs: Summary };
  caseBytes: number;
  rounds: number;
  /** The machine's 1-minute load average before and after the rounds (2 cores, shared). */
  loadAverage: [number, number];
}

export interface JudgeResult {
  packages: { sumSecretMB: number; ioCaseMB: number };
  solutions: JudgeSolutionResult[];
  io: JudgeIoResult;
  rounds: number;
}

/** Runs in the `--judge` child process. */
export async function judgeBenchInThisProcess(
  repoRoot: string,
  progress: (line: string) => void,
): Promise<JudgeResult> {
  const packages = await writeJudgePackages(repoRoot);
  const scratch = mkdtempSync(join(tmpdir(), "runno-bench-judge-"));
  try {
    const solutions: JudgeSolutionResult[] = [];
    for (const language of ["c", "python"] as const) {
      const runno: { wall: number; programs: number }[] = [];
      const natives: number[] = [];
      let nativeNote = "";
      // A first run compiles (C) into an empty compile cache; the timed rounds reuse it, so
      // that the overhead below is the runner's, not clang's.
      progress(`judge ${language}: first run, with an empty compile cache`);
      const first = await runnoTestOnce(repoRoot, packages.sum, join(repoRoot, SOLUTIONS[language]), scratch);
      for (let round = 1; round <= JUDGE_ROUNDS; round++) {
        progress(`judge ${language}: round ${round}/${JUDGE_ROUNDS}: runno test --solution, then native`);
        runno.push(await runnoTestOnce(repoRoot, packages.sum, join(repoRoot, SOLUTIONS[language]), scratch));
        const native = nativeRun(language, join(repoRoot, SOLUTIONS[language]), packages.sum, scratch);
        natives.push(native.ms);
        nativeNote = native.note;
      }
      solutions.push({
        language,
        firstRunMs: Math.round(first.wall),
        runnoTest: summarize(runno.map((r) => r.wall)),
        programs: summarize(runno.map((r) => r.programs)),
        overhead: summarize(runno.map((r) => r.wall - r.programs)),
        native: summarize(natives),
        nativeNote,
        ratio: ratioSummary(
          runno.map((r) => r.wall),
          natives,
        ),
      });
    }
    const io = await ioRuns(repoRoot, packages, scratch, progress);
    return {
      packages: { sumSecretMB: round1(packages.sumSecretBytes / MiB), ioCaseMB: round1(packages.ioBytes / MiB) },
      solutions,
      io,
      rounds: JUDGE_ROUNDS,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const IO_ROUNDS = 5;
const IO_PROGRAM = "fixtures/bench/judge/io.c";

async function ioRuns(
  repoRoot: string,
  packages: JudgePackages,
  scratch: string,
  progress: (line: string) => void,
): Promise<JudgeIoResult> {
  const mib = packages.ioBytes / MiB;
  const streamIn: number[] = [];
  const streamOut: number[] = [];
  const printMs: number[] = [];
  const alone: number[] = [];
  const rss: number[] = [];
  const nativeIn: number[] = [];
  const cpuStdin: number[] = [];
  const cpuOutput: number[] = [];
  const cpuRunnerOnly: number[] = [];
  const cpuStart: number[] = [];
  const nativeOut: number[] = [];
  const program = join(repoRoot, IO_PROGRAM);
  // First a run that compiles io.c (clang in wasm has a memory of its own): the rounds then
  // measure the runner on the cases, the program taken from the compile cache.
  progress("judge io: first run, compiling io.c");
  const first = await runnoTestOnce(repoRoot, packages.io, program, scratch);
  const native = join(scratch, "io");
  check(spawnSync("gcc", ["-O2", "-o", native, program]), "gcc");
  const loadBefore = loadavg()[0];
  for (let round = 1; round <= IO_ROUNDS; round++) {
    progress(`judge io: round ${round}/${IO_ROUNDS}: three ${round1(mib)} MiB cases, each alone, then natively`);
    const run = await runnoTestOnce(repoRoot, packages.io, program, scratch);
    const ms = (name: string) =>
      run.report.files.flatMap((f) => f.cases).find((c) => c.name.endsWith(name))!.durationMs;
    streamIn.push(round1(mib / (ms("drain") / 1000)));
    streamOut.push(round1(mib / (ms("print") / 1000)));
    printMs.push(Math.round(ms("print")));
    alone.push(Math.round(ms("null")));
    rss.push(Math.round(run.peakRssKiB / 1024));
    const cpu = {} as Record<IoCase, number>;
    for (const name of ["start", "drain", "print", "null"] as const)
      cpu[name] = (await runnoTestOnce(repoRoot, packages.ioOne[name], program, scratch)).cpuMs;
    const perCpuSecond = (ms: number) => round1(mib / (Math.max(1, ms) / 1000));
    cpuStdin.push(perCpuSecond(cpu.drain - cpu.start));
    cpuOutput.push(perCpuSecond(cpu.print - cpu.start));
    cpuRunnerOnly.push(perCpuSecond(cpu.print - cpu.null));
    cpuStart.push(Math.round(cpu.start));
    const secret = join(packages.io, "data", "secret");
    nativeIn.push(round1(mib / (nativeShell(`${native} < ${secret}/drain.in > /dev/null`) / 1000)));
    nativeOut.push(round1(mib / (nativeShell(`${native} < ${secret}/print.in | cmp -s - ${secret}/print.ans`) / 1000)));
  }
  const answer = readFileSync(join(packages.io, "data", "secret", "print.ans"));
  const tokens: StreamMode = { kind: "tokens", caseSensitive: false, spaceChangeSensitive: false };
  const compareTokens = Array.from({ length: 3 }, () => compareRate(answer, tokens));
  const compareExact = Array.from({ length: 3 }, () => compareRate(answer, { kind: "exact" }));
  const loadAfter = loadavg()[0];
  const print = summarize(printMs);
  const programAlone = summarize(alone);
  return {
    streamIn: summarize(streamIn),
    streamOutCompare: summarize(streamOut),
    printMs: print,
    programAloneMs: programAlone,
    streamOutCompareRunnerOnly: round1(mib / (Math.max(1, print.median - programAlone.median) / 1000)),
    peakRss: summarize(rss),
    peakRssCompiling: Math.round(first.peakRssKiB / 1024),
    compareTokens: summarize(compareTokens),
    compareExact: summarize(compareExact),
    nativeStreamIn: summarize(nativeIn),
    nativeStreamOutCompare: summarize(nativeOut),
    cpu: {
      stdin: summarize(cpuStdin),
      output: summarize(cpuOutput),
      outputRunnerOnly: summarize(cpuRunnerOnly),
      startMs: summarize(cpuStart),
    },
    caseBytes: packages.ioBytes,
    rounds: IO_ROUNDS,
    loadAverage: [round1(loadBefore), round1(loadAfter)],
  };
}

/** ms of a shell pipeline of natives, which must succeed. */
function nativeShell(command: string): number {
  const start = performance.now();
  check(spawnSync("sh", ["-c", command]), command);
  return performance.now() - start;
}

/** MiB per CPU second of comparing `data` with itself as a run does: the answer pushed 1 MiB at a time, the output 64 KiB. */
function compareRate(data: Uint8Array, mode: StreamMode): number {
  const comparator = createStreamComparator(mode);
  const answerChunk = 1024 * 1024;
  const outputChunk = 64 * 1024;
  const start = process.cpuUsage();
  for (let offset = 0; offset < data.length; offset += answerChunk) {
    comparator.pushExpected(data.subarray(offset, offset + answerChunk));
    for (let out = offset; out < Math.min(data.length, offset + answerChunk); out += outputChunk)
      comparator.pushActual(data.subarray(out, Math.min(out + outputChunk, offset + answerChunk)));
  }
  comparator.endExpected();
  comparator.endActual();
  if (!comparator.result().pass)
    throw new Error(`the comparator (${mode.kind}) found a difference between equal outputs`);
  const cpu = process.cpuUsage(start);
  return round1(data.length / MiB / ((cpu.user + cpu.system) / 1e6));
}

/**
 * One `runno test PACKAGE --solution FILE --jobs 1 --reporter json` in a process of its own
 * (one case at a time, so the cases' durations add up to the programs' share of the wall
 * time), with the bench's own compile cache, and its peak RSS read at exit. Throws unless
 * every case passed.
 */
async function runnoTestOnce(repoRoot: string, pkg: string, solution: string, scratch: string) {
  const output = join(scratch, "report.json");
  const rssFile = join(scratch, "rss");
  // Node's own peak RSS of the process (KiB), written as it exits: workers run in it too.
  // ... and its CPU time, all threads, ms.
  const probe = `data:text/javascript,import {writeFileSync} from "node:fs"; process.on("exit", () => { const u = process.resourceUsage(); writeFileSync(${JSON.stringify(rssFile)}, JSON.stringify([u.maxRSS, (u.userCPUTime + u.systemCPUTime) / 1000])); });`;
  const args = [
    "--import",
    probe,
    join(repoRoot, "bin", "runno.js"),
    "test",
    pkg,
    "--solution",
    solution,
    "--jobs",
    "1",
    "--reporter",
    "json",
    "--output",
    output,
  ];
  const start = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, RUNNO_CACHE_DIR: join(scratch, "compile-cache") },
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  const wall = performance.now() - start;
  if (code !== 0)
    throw new Error(
      `runno test ${pkg} --solution ${solution} exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" / ")}`,
    );
  const report = JSON.parse(readFileSync(output, "utf8")) as JsonReport;
  const cases = report.files.flatMap((file) => file.cases);
  if (cases.length === 0 || cases.some((c) => c.outcome !== "passed"))
    throw new Error(`runno test ${pkg}: not every case passed`);
  const [peakRssKiB, cpuMs] = JSON.parse(readFileSync(rssFile, "utf8")) as [number, number];
  return { wall, programs: cases.reduce((total, c) => total + c.durationMs, 0), report, peakRssKiB, cpuMs };
}

/** The solution natively on every case of the package, in order, each output compared with its answer by `diff`; ms. */
function nativeRun(
  language: JudgeLanguage,
  solution: string,
  pkg: string,
  scratch: string,
): { ms: number; note: string } {
  const cases = ["sample", "secret"].flatMap((group) =>
    readdirSync(join(pkg, "data", group))
      .filter((name) => name.endsWith(".in"))
      .sort()
      .map((name) => join(pkg, "data", group, name.slice(0, -3))),
  );
  const output = join(scratch, "native.out");
  const start = performance.now();
  let command: string[];
  let note: string;
  if (language === "c") {
    const binary = join(scratch, "sum");
    check(spawnSync("gcc", ["-O2", "-o", binary, solution]), "gcc");
    command = [binary];
    note = `gcc ${spawnSync("gcc", ["-dumpfullversion"], { encoding: "utf8" }).stdout.trim()} -O2 (compile included), one process per case, diff per case`;
  } else {
    // python3 may be a version manager's shim: run the interpreter it resolves to.
    const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], {
      encoding: "utf8",
    }).stdout.trim();
    command = [python, solution];
    note = `${python}, one process per case, diff per case`;
  }
  for (const stem of cases) {
    const stdin = openSync(stem + ".in", "r");
    const stdout = openSync(output, "w");
    try {
      check(spawnSync(command[0], command.slice(1), { stdio: [stdin, stdout, "pipe"] }), command[0]);
    } finally {
      closeSync(stdin);
      closeSync(stdout);
    }
    check(spawnSync("diff", ["-q", output, stem + ".ans"]), `diff of ${stem}`);
  }
  return { ms: performance.now() - start, note };
}

function check(result: ReturnType<typeof spawnSync>, what: string): void {
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}: ${String(result.stderr ?? "").trim()}`);
}

function ratioSummary(a: number[], b: number[]): Summary {
  return summarize(a.map((value, i) => Math.round((value / b[i]) * 100) / 100));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
