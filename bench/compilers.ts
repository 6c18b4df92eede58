/**
 * C and C++: the toolchain we ship (clang 22) against the one it replaced (clang 8, the
 * descriptors in bench/clang8) and against native gcc/g++ -O2, side by side: a C hello
 * world compiled and run, a 200-line C++17 program (fixtures/bench/cxx/solution.cpp)
 * compiled and run, both cold (a fresh process: V8 compiles the compiler) and warm (one
 * engine, after enough runs for V8's tier-up to settle), and a CPU-bound C program's run
 * time (compiled once). clang 8 runs twice: as the product ran it ("today's": V8's
 * defaults, the target's baseline) and with the compiler flags clang 22 gets (Liftoff
 * only, lazy validation), which compares the two toolchains alone.
 * clang 8 cannot compile <bits/stdc++.h> or C++17 by default: it gets the program with
 * the headers it uses spelled out and -std=c++17 (bench/clang8/clangpp.json).
 * `node dist/bench.js --compilers` runs this section alone.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunRequest, RuntimeName } from "../src/engine/api";
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform } from "../src/engine/platform/node";
import type { RuntimeDescriptor } from "../src/engine/runtimes";
import clang8 from "./clang8/clang.json";
import clangpp8 from "./clang8/clangpp.json";
import { inChild } from "./child";
import { attempt, checkedRun, errorMessage, reportMeasured as report, summaryOf, type Measured } from "./measured";
import { ratio, summarize, type Summary } from "./stats";

type Toolchain = "ours" | "today" | "clang8Flags";
const TOOLCHAINS: Toolchain[] = ["ours", "today", "clang8Flags"];
const isClang8 = (toolchain: Toolchain | "native") => toolchain === "today" || toolchain === "clang8Flags";
type WorkloadName = "c hello" | "c++17 200 lines" | "c cpu (sieve)";

interface Workload {
  name: WorkloadName;
  runtime: RuntimeName;
  file: string;
  source: (repoRoot: string, toolchain: Toolchain | "native") => string;
  expected: string;
  /** Whether compile time is part of what is timed (false: the program's run only). */
  compiles: boolean;
  /** Fresh processes per toolchain: a cold start varies by a third from one to the next. */
  coldRuns: number;
  /** Warm runs not counted, then counted: clang 8 under V8's defaults tiers up over its first ten C compiles. */
  warmups: number;
  warmRuns: number;
  native: { compiler: string; flags: string[] };
}

const SIEVE_LIMIT = 30_000_000;
const SIEVE_C = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  const int n = ${SIEVE_LIMIT};
  char *composite = calloc(n + 1, 1);
  long long sum = 0;
  for (long long i = 2; i <= n; i++) {
    if (composite[i]) continue;
    sum += i;
    for (long long j = i * i; j <= n; j += i) composite[j] = 1;
  }
  printf("%lld\\n", sum);
  return 0;
}
`;

/** What the solution's `#include <bits/stdc++.h>` stands for, for clang 8 which has no such header. */
const CLANG8_HEADERS = [
  "algorithm",
  "deque",
  "iostream",
  "limits",
  "map",
  "numeric",
  "optional",
  "queue",
  "random",
  "sstream",
  "string",
  "string_view",
  "tuple",
  "vector",
  "cctype",
  "functional",
];

const WORKLOADS: Workload[] = [
  {
    name: "c hello",
    runtime: "clang",
    file: "main.c",
    source: () => '#include <stdio.h>\n\nint main(void) {\n  printf("Hello, world!\\n");\n  return 0;\n}\n',
    expected: "Hello, world!\n",
    compiles: true,
    coldRuns: 5,
    warmups: 12,
    warmRuns: 9,
    native: { compiler: "gcc", flags: ["-O2"] },
  },
  {
    name: "c++17 200 lines",
    runtime: "clangpp",
    file: "solution.cpp",
    source: (repoRoot, toolchain) => {
      const text = readFileSync(join(repoRoot, "fixtures", "bench", "cxx", "solution.cpp"), "utf8");
      return isClang8(toolchain)
        ? text.replace("#include <bits/stdc++.h>", CLANG8_HEADERS.map((h) => `#include <${h}>`).join("\n"))
        : text;
    },
    expected:
      "farthest 3977\nmst 686609\nrange 30563 31553\nlis 78\ntopo 2000\nkmp 295\nparse 123\nparse none\nparse none\nthe 3\n",
    compiles: true,
    coldRuns: 3,
    warmups: 2,
    warmRuns: 3,
    native: { compiler: "g++", flags: ["-O2", "-std=gnu++17"] },
  },
  {
    name: "c cpu (sieve)",
    runtime: "clang",
    file: "sieve.c",
    source: () => SIEVE_C,
    expected: "",
    compiles: false,
    coldRuns: 0,
    warmups: 1,
    warmRuns: 3,
    native: { compiler: "gcc", flags: ["-O2"] },
  },
];

type ColdWarm = { cold?: Measured; warm: Measured };
type Ratios = { cold?: number; warm?: number };

export interface CompilerRow {
  workload: WorkloadName;
  ours: ColdWarm;
  /** clang 8 as the product ran it (V8's defaults): the target's baseline. */
  today: ColdWarm;
  /** clang 8 with clang 22's compiler flags (Liftoff only, lazy validation). */
  clang8Flags: ColdWarm;
  native: Measured;
  oursOverToday: Ratios;
  /** Ratios of CPU time, ours over today's. */
  oursOverTodayCpu?: Ratios;
  oursOverClang8Flags: Ratios;
  oursOverClang8FlagsCpu?: Ratios;
  oursOverNative?: number;
  todayOverNative?: number;
}

/** clang 8 as the engine ran it before clang 22, with -std=c++17 for the C++ workload. */
export function clang8Runtimes(): RuntimeDescriptor[] {
  return [clang8, clangpp8] as RuntimeDescriptor[];
}

// CPU time of this process, all its threads (the engine's workers included): what the compile itself costs.
const cpuOf = (m: Measured | undefined) => (m && "cpu" in m ? m.cpu : undefined);

/**
 * An engine as `runno run` and the extension make theirs (compilers Liftoff-only and
 * validated lazily), or for "today", as the engine was before clang 22 (V8's defaults).
 */
function engineFor(distDir: string, toolchain: Toolchain): SandboxEngine {
  return new SandboxEngine(
    bundledNodePlatform(distDir, { compilerTier: toolchain === "today" ? "v8-defaults" : "baseline" }),
    { workers: 1, runtimes: isClang8(toolchain) ? clang8Runtimes() : [] },
  );
}

function request(repoRoot: string, workload: Workload, toolchain: Toolchain): RunRequest {
  const entry = `/workspace/${workload.file}`;
  return {
    runtime: workload.runtime,
    entry,
    files: new Map([[entry, new TextEncoder().encode(workload.source(repoRoot, toolchain))]]),
    limits: { timeMs: 120_000, compileTimeMs: 300_000 },
  };
}

/** One compile + run (or run only), checked; its wall time and this process's CPU time in ms. */
async function once(
  engine: SandboxEngine,
  req: RunRequest,
  workload: Workload,
  expected: string,
): Promise<{ ms: number; cpuMs: number }> {
  const cpuBefore = process.cpuUsage();
  const ms = await checkedRun(engine, req, workload.name, expected);
  return { ms, cpuMs: cpuMsOf(process.cpuUsage(cpuBefore)) };
}

const cpuMsOf = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Runs in the child process: a fresh engine's first compile + run of `workload`, from its construction on. */
export async function compilerColdRunInThisProcess(
  distDir: string,
  spec: string,
): Promise<{ ms: number; cpuMs: number }> {
  const [toolchain, index] = spec.split(":") as [Toolchain, string];
  const workload = WORKLOADS[Number(index)];
  const start = performance.now();
  const engine = engineFor(distDir, toolchain);
  try {
    await once(engine, request(join(distDir, ".."), workload, toolchain), workload, workload.expected);
    // CPU time from the process's start: loading the compiler is part of a cold compile.
    return { ms: performance.now() - start, cpuMs: cpuMsOf(process.cpuUsage()) };
  } finally {
    await engine.dispose();
  }
}

export async function benchCompilers(
  benchScript: string,
  distDir: string,
  progress: (line: string) => void,
  only?: string,
): Promise<CompilerRow[]> {
  const repoRoot = join(distDir, "..");
  const nativeDir = mkdtempSync(join(tmpdir(), "runno-bench-cc-"));
  const engines = Object.fromEntries(TOOLCHAINS.map((t) => [t, engineFor(distDir, t)])) as Record<
    Toolchain,
    SandboxEngine
  >;
  const rows: CompilerRow[] = [];
  try {
    for (const [index, workload] of WORKLOADS.entries()) {
      if (only && !workload.name.includes(only)) continue;
      const native = prepareNative(repoRoot, nativeDir, workload);
      const expected = workload.compiles ? workload.expected : "output" in native ? native.output : "";
      const cold: Partial<Record<Toolchain, Measured>> = {};
      if (workload.compiles) {
        for (const toolchain of TOOLCHAINS) {
          progress(`${workload.name}: ${toolchain} cold (fresh process), ${workload.coldRuns} runs...`);
          cold[toolchain] = await attempt(async () => {
            const samples: { ms: number; cpuMs: number }[] = [];
            for (let i = 0; i < workload.coldRuns; i++)
              samples.push(
                await inChild<{ ms: number; cpuMs: number }>(benchScript, "compiler-cold", `${toolchain}:${index}`),
              );
            return { summary: summarize(samples.map((s) => s.ms)), cpu: summarize(samples.map((s) => s.cpuMs)) };
          });
          report(progress, `${workload.name}: ${toolchain} cold`, cold[toolchain]!);
        }
      }
      progress(`${workload.name}: warm, clang 22, clang 8 (twice) and native in turn...`);
      const warm = await pairedWarmRuns(
        engines,
        repoRoot,
        workload,
        expected,
        "once" in native ? native.once : undefined,
      );
      report(progress, `${workload.name}: ours warm`, warm.ours);
      report(progress, `${workload.name}: today warm`, warm.today);
      report(progress, `${workload.name}: clang 8 with our flags warm`, warm.clang8Flags);
      const nativeMeasured: Measured =
        "unavailable" in native
          ? native
          : "summary" in warm.native
            ? { ...warm.native, note: native.note }
            : warm.native;
      report(progress, `${workload.name}: native`, nativeMeasured);
      const over = (other: Toolchain, of: (m: Measured | undefined) => Summary | undefined) => ({
        cold: ratio(of(cold.ours), of(cold[other])),
        warm: ratio(of(warm.ours), of(warm[other])),
      });
      rows.push({
        workload: workload.name,
        ours: { cold: cold.ours, warm: warm.ours },
        today: { cold: cold.today, warm: warm.today },
        clang8Flags: { cold: cold.clang8Flags, warm: warm.clang8Flags },
        native: nativeMeasured,
        oursOverToday: over("today", summaryOf),
        oursOverTodayCpu: over("today", cpuOf),
        oursOverClang8Flags: over("clang8Flags", summaryOf),
        oursOverClang8FlagsCpu: over("clang8Flags", cpuOf),
        oursOverNative: ratio(summaryOf(warm.ours), summaryOf(nativeMeasured)),
        todayOverNative: ratio(summaryOf(warm.today), summaryOf(nativeMeasured)),
      });
    }
  } finally {
    await Promise.all([engines.ours.dispose(), engines.today.dispose()]);
    rmSync(nativeDir, { recursive: true, force: true });
  }
  return rows;
}

/** The two toolchains and native in turn, one run each per round, so the machine's drift falls on all. */
async function pairedWarmRuns(
  engines: Record<Toolchain, SandboxEngine>,
  repoRoot: string,
  workload: Workload,
  expected: string,
  nativeOnce?: () => number,
) {
  const samples = { ours: [] as number[], today: [] as number[], clang8Flags: [] as number[], native: [] as number[] };
  const cpu = { ours: [] as number[], today: [] as number[], clang8Flags: [] as number[] };
  const failed: Partial<Record<Toolchain, string>> = {};
  const compiled: Partial<Record<Toolchain, RunRequest>> = {};
  for (const who of TOOLCHAINS) {
    const req = request(repoRoot, workload, who);
    if (workload.compiles) {
      compiled[who] = req;
      continue;
    }
    // The CPU workload: compiled once, only its runs are timed.
    const result = await engines[who].compile(req);
    if (result.status === "compiled") compiled[who] = { ...req, compiled: result.program };
    else failed[who] = `compile failed: ${new TextDecoder().decode(result.result.stderr)}`;
  }
  for (let round = 0; round < workload.warmups + workload.warmRuns; round++) {
    for (const who of TOOLCHAINS) {
      if (failed[who]) continue;
      try {
        const { ms, cpuMs } = await once(engines[who], compiled[who]!, workload, expected);
        if (round >= workload.warmups) {
          samples[who].push(ms);
          cpu[who].push(cpuMs);
        }
      } catch (error) {
        failed[who] = errorMessage(error);
      }
    }
    if (nativeOnce) {
      const ms = nativeOnce();
      if (round >= workload.warmups) samples.native.push(ms);
    }
  }
  const result = (who: Toolchain): Measured =>
    failed[who] ? { unavailable: failed[who]! } : { summary: summarize(samples[who]), cpu: summarize(cpu[who]) };
  const native: Measured = nativeOnce ? { summary: summarize(samples.native) } : { unavailable: "not measured" };
  return { ours: result("ours"), today: result("today"), clang8Flags: result("clang8Flags"), native };
}

/**
 * gcc/g++ -O2 for one workload, timed in the same rounds as the sandbox (the machine is
 * shared: figures taken minutes apart are not comparable): compile + run for the compiled
 * workloads, the run alone for the CPU one (compiled here once).
 */
function prepareNative(
  repoRoot: string,
  dir: string,
  workload: Workload,
): { once: () => number; output: string; note: string } | { unavailable: string } {
  try {
    const source = join(dir, workload.file);
    const binary = join(dir, `${workload.file}.out`);
    writeFileSync(source, workload.source(repoRoot, "native"));
    const compile = () => {
      const built = spawnSync(workload.native.compiler, [...workload.native.flags, "-o", binary, source], {
        encoding: "utf8",
      });
      if (built.error || built.status !== 0)
        throw new Error(`${workload.native.compiler} is not available: ${built.error?.message ?? built.stderr}`);
    };
    const run = () => {
      const ran = spawnSync(binary, [], { encoding: "utf8" });
      if (workload.compiles && ran.stdout !== workload.expected) throw new Error(`native printed ${ran.stdout}`);
      return ran.stdout;
    };
    compile();
    const output = run();
    const once = () => {
      const start = performance.now();
      if (workload.compiles) compile();
      run();
      return performance.now() - start;
    };
    return { once, output, note: `${workload.native.compiler} ${workload.native.flags.join(" ")}` };
  } catch (error) {
    return { unavailable: errorMessage(error) };
  }
}

export function formatCompilerReport(rows: CompilerRow[]): string {
  const cell = (m: Measured | undefined) =>
    m === undefined ? "-" : "summary" in m ? m.summary.median.toFixed(0) : "n/a";
  const cpuCell = (m: Measured | undefined) => cpuOf(m)?.median.toFixed(0) ?? "-";
  const times = (r: number | undefined) => (r === undefined ? "-" : `${r}x`);
  const lines = [
    "C and C++: clang 22 (ours) vs clang 8 as the product ran it (today's: V8's defaults) vs clang 8 with our compiler flags (Liftoff only) vs native gcc/g++ -O2, medians (ms); compile + run except the CPU row (run only); warm after V8's tier-up settled",
    "",
    "| workload | ours cold | today's cold | ours warm | today's warm | native | ours / today's cold | ours / today's warm | ours warm / native | today's warm / native |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.workload} | ${cell(row.ours.cold)} | ${cell(row.today.cold)} | ${cell(row.ours.warm)} | ${cell(row.today.warm)} | ${cell(row.native)} | ${times(row.oursOverToday.cold)} | ${times(row.oursOverToday.warm)} | ${times(row.oursOverNative)} | ${times(row.todayOverNative)} |`,
    );
  }
  lines.push(
    "",
    "Against clang 8 given clang 22's compiler flags (the two toolchains on equal terms), medians (ms)",
    "",
    "| workload | clang 8, our flags, cold | warm | ours / it cold | ours / it warm |",
    "|---|---|---|---|---|",
  );
  for (const row of rows) {
    lines.push(
      `| ${row.workload} | ${cell(row.clang8Flags.cold)} | ${cell(row.clang8Flags.warm)} | ${times(row.oursOverClang8Flags.cold)} | ${times(row.oursOverClang8Flags.warm)} |`,
    );
  }
  lines.push(
    "",
    "CPU time of the process (all threads), medians (ms): what a compile costs, whatever the machine's load",
    "",
    "| workload | ours cold | today's cold | clang 8, our flags, cold | ours warm | today's warm | clang 8, our flags, warm | ours / today's cold | ours / today's warm | ours / clang 8 our flags cold | warm |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const row of rows) {
    lines.push(
      `| ${row.workload} | ${cpuCell(row.ours.cold)} | ${cpuCell(row.today.cold)} | ${cpuCell(row.clang8Flags.cold)} | ${cpuCell(row.ours.warm)} | ${cpuCell(row.today.warm)} | ${cpuCell(row.clang8Flags.warm)} | ${times(row.oursOverTodayCpu?.cold)} | ${times(row.oursOverTodayCpu?.warm)} | ${times(row.oursOverClang8FlagsCpu?.cold)} | ${times(row.oursOverClang8FlagsCpu?.warm)} |`,
    );
  }
  const compiled = rows.filter((row) => row.oursOverToday.cold !== undefined);
  const verdicts = compiled.flatMap((row) =>
    (["cold", "warm"] as const).map((when) => {
      const r = row.oursOverToday[when];
      return `${row.workload} ${when} ${r === undefined ? "n/a" : r <= 1 ? `met (${r}x)` : `NOT met (${r}x)`}`;
    }),
  );
  lines.push("", `Target: compiling no slower than today's clang 8 path (wall, medians): ${verdicts.join("; ")}.`);
  return lines.join("\n");
}
