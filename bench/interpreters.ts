/**
 * Python and Ruby: the runtime we ship against the one it replaced ("today's") and against
 * the machine's own interpreter, side by side: start-up (a hello world, warm, on one
 * engine; natively, one process each) and a CPU-bound loop (the whole run). Native runs
 * are timed in a small process of their own (see native.ts for why); a missing native
 * interpreter (Debian's ruby is optional) makes its row n/a.
 * `node dist/bench.js --only interpreters` runs this section alone.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { RunRequest, RuntimeName } from "../src/engine/api";
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform } from "../src/engine/platform/node";
import { RuntimeRegistry, type RuntimeDescriptor } from "../src/engine/runtimes";
import { inChild } from "./child";
import {
  attempt,
  checkedRun,
  errorMessage,
  pairedRounds,
  reportMeasured as report,
  summaryOf,
  type Measured,
} from "./measured";
import { ratio, summarize } from "./stats";

type Language = "python" | "ruby";

interface Workload {
  name: "start-up" | "cpu loop";
  source: string;
  expected: string;
  warmups: number;
  runs: number;
}

const LOOP_COUNT = 3_000_000;
/** The loop's answer, computed here: sum of i*i % 7 for i < LOOP_COUNT. */
const LOOP_SUM = (() => {
  let total = 0;
  for (let i = 0; i < LOOP_COUNT; i++) total += Number((BigInt(i) * BigInt(i)) % 7n);
  return total;
})();

const WORKLOADS: Record<Language, { file: string; native: string; workloads: Workload[] }> = {
  python: {
    file: "main.py",
    native: "python3",
    workloads: [
      { name: "start-up", source: 'print("Hello, world!")\n', expected: "Hello, world!\n", warmups: 10, runs: 40 },
      {
        name: "cpu loop",
        source: `total = 0\nfor i in range(${LOOP_COUNT}):\n    total += i * i % 7\nprint(total)\n`,
        expected: `${LOOP_SUM}\n`,
        warmups: 1,
        runs: 5,
      },
    ],
  },
  ruby: {
    file: "main.rb",
    native: "ruby",
    workloads: [
      { name: "start-up", source: 'puts "Hello, world!"\n', expected: "Hello, world!\n", warmups: 10, runs: 40 },
      {
        name: "cpu loop",
        source: `total = 0\ni = 0\nwhile i < ${LOOP_COUNT}\n  total += i * i % 7\n  i += 1\nend\nputs total\n`,
        expected: `${LOOP_SUM}\n`,
        warmups: 1,
        runs: 5,
      },
    ],
  },
};

/** Today's runtimes, before this version's: what the new ones are measured against. */
export function previousRuntimes(current: RuntimeRegistry = new RuntimeRegistry()): RuntimeDescriptor[] {
  const python = current.get("python")!;
  const ruby = current.get("ruby")!;
  return [
    {
      ...python,
      version: "3.11.3",
      layers: ["python-3.11.3-stdlib.tar.gz"],
      run: { ...python.run, binary: "python-3.11.3.wasm" },
    },
    {
      ...ruby,
      version: "3.2.0",
      layers: ["ruby-3.2.0.tar.gz"],
      run: {
        binary: "ruby-3.2.0.wasm",
        argv0: "ruby",
        args: [
          "--disable-gems",
          "--disable=syntax_suggest",
          "-C",
          "{cwd}",
          "-r",
          "/ruby-3.2.0/.rubyopts.rb",
          "{entry}",
          "{args}",
        ],
      },
    },
  ];
}

export interface InterpreterRow {
  language: Language;
  workload: Workload["name"];
  ours: Measured & { version?: string };
  today: Measured & { version?: string };
  native: Measured;
  /** ours / today, ours / native (medians). */
  oursOverToday?: number;
  oursOverNative?: number;
  todayOverNative?: number;
}

export async function benchInterpreters(
  benchScript: string,
  distDir: string,
  progress: (line: string) => void,
): Promise<InterpreterRow[]> {
  const registry = new RuntimeRegistry();
  const engines = {
    ours: new SandboxEngine(bundledNodePlatform(distDir), { workers: 1 }),
    today: new SandboxEngine(bundledNodePlatform(distDir), { workers: 1, runtimes: previousRuntimes(registry) }),
  };
  const rows: InterpreterRow[] = [];
  try {
    for (const language of ["python", "ruby"] as const) {
      const versions = {
        ours: registry.get(language)!.version,
        today: previousRuntimes(registry).find((d) => d.name === language)!.version,
      };
      for (const workload of WORKLOADS[language].workloads) {
        const label = `${language} ${workload.name}`;
        progress(`${label}: ${language} ${versions.ours} (ours) and ${versions.today} (today's), in turn...`);
        const measured = await pairedEngineRuns(engines, language, workload);
        report(progress, `${label}: ${language} ${versions.ours} (ours)`, measured.ours);
        report(progress, `${label}: ${language} ${versions.today} (today's)`, measured.today);
        progress(`${label}: native ${WORKLOADS[language].native}...`);
        const native = await attempt(async () => {
          const answer = await inChild<NativeAnswer>(
            benchScript,
            "interpreter-native",
            language,
            WORKLOADS[language].workloads.indexOf(workload),
          );
          if ("unavailable" in answer) throw new Error(answer.unavailable);
          return { summary: summarize(answer.samples), note: answer.description };
        });
        report(progress, `${label}: native`, native);
        rows.push({
          language,
          workload: workload.name,
          ours: { ...measured.ours, version: versions.ours },
          today: { ...measured.today, version: versions.today },
          native,
          oursOverToday: ratio(summaryOf(measured.ours), summaryOf(measured.today)),
          oursOverNative: ratio(summaryOf(measured.ours), summaryOf(native)),
          todayOverNative: ratio(summaryOf(measured.today), summaryOf(native)),
        });
      }
    }
  } finally {
    await Promise.all([engines.ours.dispose(), engines.today.dispose()]);
  }
  return rows;
}

/**
 * The two engines in turn, one run of each per round, so that the machine's drift (it is
 * shared) falls on both alike.
 */
async function pairedEngineRuns(
  engines: Record<"ours" | "today", SandboxEngine>,
  language: Language,
  workload: Workload,
): Promise<Record<"ours" | "today", Measured>> {
  const entry = `/workspace/${WORKLOADS[language].file}`;
  const request: RunRequest = {
    runtime: language as RuntimeName,
    entry,
    files: new Map([[entry, new TextEncoder().encode(workload.source)]]),
    limits: { timeMs: 120_000 },
  };
  const once = (engine: SandboxEngine) => () =>
    checkedRun(engine, request, `${language} ${workload.name}`, workload.expected);
  return pairedRounds({ ours: once(engines.ours), today: once(engines.today) }, workload.warmups, workload.runs);
}

type NativeAnswer = { samples: number[]; description: string } | { unavailable: string };

/** Runs in the child process: the workload `index` of `language`, one native process per run. */
export function nativeInterpreterRunsInThisProcess(language: string, index: number): NativeAnswer {
  const spec = WORKLOADS[language as Language];
  const workload = spec?.workloads[index];
  if (!workload) return { unavailable: `unknown workload ${language} ${index}` };
  // A version manager's shim (pyenv's python3) would add its own start-up to every run:
  // run the interpreter it resolves to.
  const probe =
    language === "python"
      ? "import sys; print(sys.executable); print(sys.version.split()[0])"
      : "puts RbConfig.ruby; puts RUBY_VERSION";
  const found = spawnSync(spec.native, [language === "python" ? "-c" : "-e", probe], { encoding: "utf8" });
  if (found.error || found.status !== 0) return { unavailable: `${spec.native} is not installed` };
  const [executable, version] = found.stdout.trim().split("\n");
  const dir = mkdtempSync(join(tmpdir(), "runno-bench-interp-"));
  try {
    const file = join(dir, spec.file);
    writeFileSync(file, workload.source);
    const once = () => {
      const start = performance.now();
      const result = spawnSync(executable, [file], { encoding: "utf8", timeout: 60_000 });
      const ms = performance.now() - start;
      if (result.stdout !== workload.expected)
        throw new Error(`native ${spec.native} printed ${result.stdout}${result.stderr}`);
      return ms;
    };
    for (let i = 0; i < workload.warmups; i++) once();
    const samples = Array.from({ length: workload.runs }, once);
    return {
      samples,
      description: `${spec.native} = ${executable} (${language === "python" ? "Python" : "Ruby"} ${version})`,
    };
  } catch (error) {
    return { unavailable: errorMessage(error) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatInterpreterReport(rows: InterpreterRow[]): string {
  const cell = (m: Measured) => ("summary" in m ? m.summary.median.toFixed(1) : "n/a");
  const times = (r: number | undefined) => (r === undefined ? "n/a" : `${r}x`);
  const lines = [
    "Python and Ruby: ours (the shipped runtime) vs today's (the one it replaced) vs native, medians (ms)",
    "",
    "| language | workload | ours | today's | native | ours / today's | ours / native | today's / native |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.language} ${row.ours.version} vs ${row.today.version} | ${row.workload} | ${cell(row.ours)} | ${cell(row.today)} | ${cell(row.native)} | ${times(row.oursOverToday)} | ${times(row.oursOverNative)} | ${times(row.todayOverNative)} |`,
    );
  }
  const natives = [
    ...new Set(
      rows
        .map(
          (r) => ("note" in r.native && r.native.note) || ("unavailable" in r.native && `n/a: ${r.native.unavailable}`),
        )
        .filter(Boolean),
    ),
  ];
  lines.push("", `Native: ${natives.join("; ")}`);
  const startup = rows.find((r) => r.language === "python" && r.workload === "start-up");
  const met = startup?.oursOverToday !== undefined && startup.oursOverToday <= 1;
  lines.push(
    `Target: Python start-up no slower than today's: ${met ? "met" : "NOT met"} (${times(startup?.oursOverToday)}).`,
  );
  return lines.join("\n");
}

/** The section's figures alone (`--only interpreters`), with the machine and its load. */
export function writeInterpretersJson(path: string, rows: InterpreterRow[], totalMs: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const machine = {
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    loadAverageAtEnd: loadavg().map((l) => Math.round(l * 10) / 10),
  };
  const json = {
    date: new Date().toISOString(),
    machine,
    unit: "ms",
    interpreters: rows,
    totalSeconds: Math.round(totalMs / 1000),
  };
  writeFileSync(path, JSON.stringify(json, null, 2) + "\n");
}
