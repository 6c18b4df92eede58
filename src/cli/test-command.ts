// `runno test [PATHS...]`: run the YAML-declared checks, and test data of other formats read in place, and report them.
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { relative, resolve } from "node:path";
import { SandboxEngine, type Platform } from "../engine";
import {
  checkSubmissions,
  formatSubmissionChecks,
  type FileResult,
  type TestFile,
  runtimeNamesOf,
  oneLine,
  countsLine,
  formatProblem,
  runTestFiles,
  summarize,
  parseShard,
  SHARD_BALANCES,
  type Shard,
  type ShardBalance,
} from "../testing";
import { createReporter, REPORTER_NAMES, type ReporterName } from "../testing/reports";
import { shardSelection } from "./shard-files";
import { DiskCompileCache, defaultCompileCacheDir } from "./disk-compile-cache";
import { findSources } from "./find-sources";
import { NodeTestHost } from "./node-test-host";
import { parseCommandLine, UsageError } from "./usage";

export const EXIT_ALL_PASSED = 0;
export const EXIT_SOME_FAILED = 1;
export const EXIT_INVALID = 2;

export async function testCommand(platform: Platform, argv: string[]): Promise<number> {
  const options = parseTestArgs(argv);
  const cwd = process.cwd();

  // Reports name test files relative to where the command was run.
  const shown = (path: string) => relative(cwd, path) || path;
  const shownPath = (result: FileResult): FileResult => ({
    ...result,
    path: shown(result.path),
    problems: result.problems.map((problem) => ({ ...problem, path: shown(problem.path) })),
  });
  const toFile = options.output !== undefined;
  const color = !toFile && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const reporter = createReporter(options.reporter, { color });
  const chunks: string[] = [];
  const emit = (text: string) => {
    if (!text) return;
    if (toFile) chunks.push(text);
    else process.stdout.write(text);
  };

  const compileCache = options.cache ? new DiskCompileCache(defaultCompileCacheDir()) : undefined;
  const engine = new SandboxEngine(platform, { workers: options.jobs, compileCache });
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once("SIGINT", onSignal);
  try {
    const host = new NodeTestHost();
    const judging = {
      solution: options.solution === undefined ? undefined : resolve(cwd, options.solution),
      submissions: options.submissions,
    };
    const found = await findSources(
      options.paths.length > 0 ? options.paths : ["."],
      cwd,
      runtimeNamesOf(engine),
      judging,
    );
    if (found.yaml.length + found.sources.length === 0)
      throw new UsageError(
        `no test files (*.runno.yaml) or test data in other formats under ${options.paths.join(" ") || "."}`,
      );
    // Other formats are loaded here; those that cannot run are reported as invalid test files.
    const built: TestFile[] = [];
    const invalid: FileResult[] = [];
    for (const source of found.sources) {
      const loaded = await source.load();
      if (loaded.ok) built.push(loaded.file);
      else invalid.push({ path: source.path, problems: loaded.problems, cases: [] });
    }
    for (const result of invalid) emit(reporter.fileFinished(shownPath(result)));
    const select =
      options.shard &&
      (await shardSelection(found.yaml, built, {
        shard: options.shard,
        balance: options.shardBy,
        engine,
        host,
        nameOf: shown,
      }));
    const ran = await runTestFiles(found.yaml, {
      engine,
      host,
      built,
      jobs: options.jobs,
      grep: options.grep,
      select: select || undefined,
      bail: options.bail,
      timeMultiplier: options.timeMultiplier,
      signal: abort.signal,
      events: { fileFinished: (result) => emit(reporter.fileFinished(shownPath(result))) },
    });
    // Named as shown: the summary names problems by their test file's path when they have no label.
    const files = [...invalid, ...ran.files].map(shownPath);
    const report = { files, summary: summarize(files, ran.summary.durationMs) };
    emit(reporter.end(report));
    if (toFile) {
      await writeFile(options.output!, chunks.join(""));
      // The report is in a file: the console still names every invalid test file, and why.
      for (const file of files)
        for (const problem of file.problems) process.stderr.write(`runno: ${oneLine(formatProblem(problem))}\n`);
      process.stderr.write(`runno: ${countsLine(report.summary)}; report written to ${options.output}\n`);
    }
    if (report.summary.invalidFiles > 0) return EXIT_INVALID;
    if (options.submissions) {
      // A submission meant to fail that fails is a success: the exit status says whether each got what its folder expects.
      const checks = checkSubmissions(found.submissions, ran.files);
      const text = formatSubmissionChecks(checks, found.notRun);
      if (toFile || options.reporter !== "spec") process.stderr.write(text);
      else process.stdout.write(text);
      return checks.every((check) => check.ok) ? EXIT_ALL_PASSED : EXIT_SOME_FAILED;
    }
    return report.summary.failed > 0 ? EXIT_SOME_FAILED : EXIT_ALL_PASSED;
  } finally {
    process.off("SIGINT", onSignal);
    await engine.dispose();
  }
}

interface TestOptions {
  paths: string[];
  reporter: ReporterName;
  output?: string;
  jobs: number;
  grep?: RegExp;
  bail: boolean;
  /** Keep compiled programs on disk between runs (off with --no-cache). */
  cache: boolean;
  shard?: Shard;
  shardBy: ShardBalance;
  /** Run this program against the problem packages and .in/.out folders of `paths`. */
  solution?: string;
  /** Run the submissions of the problem packages of `paths`, each against its folder's rule. */
  submissions: boolean;
  /** Multiplies native time limits (`time_limit`) instead of the runtime's measured slowdown. */
  timeMultiplier?: number;
}

function parseTestArgs(argv: string[]): TestOptions {
  const parsed = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: {
      reporter: { type: "string", default: "spec" },
      output: { type: "string" },
      jobs: { type: "string" },
      grep: { type: "string" },
      bail: { type: "boolean", default: false },
      "no-cache": { type: "boolean", default: false },
      shard: { type: "string" },
      solution: { type: "string" },
      submissions: { type: "boolean", default: false },
      "shard-by": { type: "string", default: "size" },
      "time-multiplier": { type: "string" },
    },
  });
  const { values, positionals } = parsed;
  if (!(REPORTER_NAMES as readonly string[]).includes(values.reporter)) {
    throw new UsageError(`unknown reporter "${values.reporter}" (one of: ${REPORTER_NAMES.join(", ")})`);
  }
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs takes a whole number of at least 1, not "${values.jobs}"`);
  let grep: RegExp | undefined;
  if (values.grep !== undefined) {
    try {
      grep = new RegExp(values.grep);
    } catch {
      throw new UsageError(`--grep takes a regular expression; "${values.grep}" is not one`);
    }
  }
  let shard: Shard | undefined;
  if (values.shard !== undefined) {
    try {
      shard = parseShard(values.shard);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const shardBy = values["shard-by"] as ShardBalance;
  if (values.solution !== undefined && values.submissions)
    throw new UsageError(
      "--solution and --submissions do not go together: one runs a program of yours, the other the package's own",
    );
  if (!SHARD_BALANCES.includes(shardBy))
    throw new UsageError(`--shard-by takes ${SHARD_BALANCES.join(" or ")}, not "${shardBy}"`);
  let timeMultiplier: number | undefined;
  if (values["time-multiplier"] !== undefined) {
    timeMultiplier = Number(values["time-multiplier"]);
    if (!Number.isFinite(timeMultiplier) || timeMultiplier <= 0)
      throw new UsageError(`--time-multiplier takes a positive number, not "${values["time-multiplier"]}"`);
  }
  return {
    paths: positionals,
    reporter: values.reporter as ReporterName,
    output: values.output,
    jobs,
    grep,
    bail: values.bail,
    cache: !values["no-cache"],
    shard,
    shardBy,
    timeMultiplier,
    solution: values.solution,
    submissions: values.submissions,
  };
}
