// `runno test [PATHS...]`: run the YAML-declared checks and report them.
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { SandboxEngine } from "../engine/host";
import type { Platform } from "../engine/platform/types";
import type { FileResult } from "../testing/model";
import { createReporter, REPORTER_NAMES, type ReporterName } from "../testing/reporters/reporter";
import { countsLine } from "../testing/reporters/words";
import { runTestFiles, summarize } from "../testing/runner";
import { parseShard, SHARD_BALANCES, type Shard, type ShardBalance } from "../testing/shard";
import { shardSelection } from "./shard-files";
import { DiskCompileCache, defaultCompileCacheDir } from "./disk-compile-cache";
import { findTestFiles, NodeTestHost } from "./node-test-host";
import { parseCommandLine, UsageError } from "./usage";

export const EXIT_ALL_PASSED = 0;
export const EXIT_SOME_FAILED = 1;
export const EXIT_INVALID = 2;

export async function testCommand(platform: Platform, argv: string[]): Promise<number> {
  const options = parseTestArgs(argv);
  const cwd = process.cwd();
  const paths = await findTestFiles(options.paths.length > 0 ? options.paths : ["."], cwd);
  if (paths.length === 0) throw new UsageError(`no test files (*.runno.yaml) under ${options.paths.join(" ") || "."}`);

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
    const select = options.shard && (await shardSelection(paths, { shard: options.shard, balance: options.shardBy, engine, host, nameOf: shown }));
    const report = await runTestFiles(paths, {
      engine,
      host,
      jobs: options.jobs,
      grep: options.grep,
      select: select || undefined,
      bail: options.bail,
      signal: abort.signal,
      events: { fileFinished: (result) => emit(reporter.fileFinished(shownPath(result))) },
    });
    // The summary names problems by path too: made again from the shown paths.
    const shownFiles = report.files.map(shownPath);
    emit(reporter.end({ files: shownFiles, summary: summarize(shownFiles, report.summary.durationMs) }));
    if (toFile) {
      await writeFile(options.output!, chunks.join(""));
      process.stderr.write(`runno: ${countsLine(report.summary)}; report written to ${options.output}\n`);
    }
    if (report.summary.invalidFiles > 0) return EXIT_INVALID;
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
      "shard-by": { type: "string", default: "size" },
    },
  });
  const { values, positionals } = parsed;
  if (!(REPORTER_NAMES as readonly string[]).includes(values.reporter)) {
    throw new UsageError(`unknown reporter "${values.reporter}" (one of: ${REPORTER_NAMES.join(", ")})`);
  }
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs takes a whole number of at least 1, not "${values.jobs}"`);
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
  if (!SHARD_BALANCES.includes(shardBy)) throw new UsageError(`--shard-by takes ${SHARD_BALANCES.join(" or ")}, not "${shardBy}"`);
  return { paths: positionals, reporter: values.reporter as ReporterName, output: values.output, jobs, grep, bail: values.bail, cache: !values["no-cache"], shard, shardBy };
}
