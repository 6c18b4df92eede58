/**
 * Runs test files: parses each, expands its generated cases, mounts its folder once (case
 * data left out: it is streamed), compiles its program once (C/C++), then runs every case in
 * a fresh sandbox, `jobs` at a time, and reports as results come.
 */
import type { CompiledProgram, Engine, FileMap, RunRequest } from "../engine/api";
import { DEFAULT_LIMITS, MiB } from "../engine";
import { AnswerPump, StdinFeeder } from "./case-io";
import { Checker } from "./checker";
import { expandCases } from "./cases";
import { evaluate, type Decided } from "./evaluate";
import type { TestHost } from "./host";
import type { CaseData, CaseResult, FileResult, OutputFailure, Summary, TestCase, TestFile } from "./model";
import { parseTestFile, runtimeNamesOf, TEST_FILE_PATTERN } from "./parse";
import { canStream, createStreamComparator, type StreamComparator } from "./stream-compare";
import { fileVerdict, summarize } from "./summary";
import { timeLimitOf } from "./time-limits";

export { summarize } from "./summary";

export interface RunnerOptions {
  engine: Engine;
  host: TestHost;
  /** Cases running at once (the engine's pool should be at least this big). */
  jobs: number;
  /** Run only cases whose name matches. */
  grep?: RegExp;
  /** Run only the cases this accepts (the Test Explorer's selection). */
  select?: (file: TestFile, testCase: TestCase) => boolean;
  /** Stop starting cases after the first that does not pass. */
  bail?: boolean;
  signal?: AbortSignal;
  events?: RunnerEvents;
  /** Multiplies native time limits instead of the runtime's measured slowdown (`--time-multiplier`). */
  timeMultiplier?: number;
  /**
   * Test files already built (by a format loader: a problem package, a folder of pairs),
   * run as if parsed from `paths`.
   */
  built?: TestFile[];
}

export interface RunnerEvents {
  fileStarted?(path: string): void;
  caseStarted?(file: TestFile, testCase: TestCase): void;
  caseOutput?(file: TestFile, testCase: TestCase, stream: "stdout" | "stderr", data: Uint8Array): void;
  caseFinished?(result: CaseResult): void;
  fileFinished?(result: FileResult): void;
}

export interface RunReport {
  files: FileResult[];
  summary: Summary;
}

const encoder = new TextEncoder();

export async function runTestFiles(paths: string[], options: RunnerOptions): Promise<RunReport> {
  const started = Date.now();
  const loaded = [
    ...(await Promise.all(paths.map((path) => loadFile(path, options)))),
    ...(await Promise.all((options.built ?? []).map((file) => expandFile(file, options)))),
  ];
  // A folder is read once per run, however many test files share it, without any file that
  // one of them names as case data: the program must not read the answers.
  const data = new Map<string, Set<string>>();
  for (const { file } of loaded) {
    if (!file) continue;
    const folder = programFolder(file, options.host);
    const set = data.get(folder) ?? new Set<string>();
    if (file.programDir === undefined) for (const path of dataPaths(file)) set.add(path);
    data.set(folder, set);
  }
  const folders = new Map<string, Promise<FileMap>>();
  const mountFolder = (folder: string) => {
    const skip = data.get(folder) ?? new Set<string>();
    if (!folders.has(folder))
      folders.set(
        folder,
        options.host.mountFolder(folder, (relative) => skip.has(relative)),
      );
    return folders.get(folder)!.then((files) => new Map(files));
  };
  const prepared = await Promise.all(loaded.map((file) => mountFile(file, options, mountFolder)));
  const anyOnly = prepared.some((p) => p.file?.cases.some((c) => c.only));
  const limiter = new Limiter(Math.max(1, options.jobs));
  let stop = false;
  const stopIfBail = (result: CaseResult) => {
    if (options.bail && result.outcome !== "passed" && result.outcome !== "skipped") stop = true;
  };

  const files = await Promise.all(
    prepared.map(async (prep): Promise<FileResult> => {
      const result: FileResult = { path: prep.path, file: prep.file, problems: prep.problems, cases: [] };
      options.events?.fileStarted?.(prep.path);
      if (!prep.file || !prep.files) {
        options.events?.fileFinished?.(result);
        return result;
      }
      const file = prep.file;
      const selected = file.cases.filter(
        (c) =>
          (!anyOnly || c.only) &&
          (!options.grep || options.grep.test(c.name)) &&
          (!options.select || options.select(file, c)),
      );

      let program: CompiledProgram | undefined;
      let checker: Checker | undefined;
      const runnable = selected.filter((c) => !c.skip);
      if (runnable.length > 0 && file.checker) {
        const skip = new Set(dataPaths(file));
        const prepared = await limiter
          .run(() => Checker.prepare(options.engine, options.host, file, (relative) => skip.has(relative)))
          .catch((error) => ({ error: messageOf(error) }));
        if (prepared instanceof Checker) checker = prepared;
        else result.checkerError = prepared.error;
      }
      if (runnable.length > 0 && needsCompile(options.engine, file)) {
        const compiled = await limiter.run(() =>
          options.engine.compile(baseRequest(file, withoutTestFiles(prep.files!))),
        );
        if (compiled.status === "failed") {
          result.compileError = new TextDecoder().decode(compiled.result.stderr) || compiled.result.status;
        } else program = compiled.program;
      }

      const finish = (caseResult: CaseResult) => {
        result.cases.push(caseResult);
        stopIfBail(caseResult);
        options.events?.caseFinished?.(caseResult);
      };
      await Promise.all(
        selected.map(async (testCase) => {
          if (testCase.skip) return finish(skipped(file, testCase));
          if (result.compileError !== undefined) {
            return finish({
              file,
              testCase,
              outcome: "failed",
              verdict: "compile_error",
              failures: [{ kind: "compile", message: result.compileError }],
              durationMs: 0,
            });
          }
          if (result.checkerError !== undefined) {
            const failure = {
              kind: "checker",
              convention: file.checker!.convention,
              outcome: "failed",
              message: "the checker did not compile",
              feedback: result.checkerError,
            } as const;
            return finish({
              file,
              testCase,
              outcome: "error",
              verdict: "judge_error",
              failures: [failure],
              durationMs: 0,
            });
          }
          await limiter.run(async () => {
            if (stop || options.signal?.aborted) return finish(skipped(file, testCase));
            options.events?.caseStarted?.(file, testCase);
            finish(await runCase(file, testCase, prep.files!, program, checker, options));
          });
        }),
      );
      // Report cases in the file's order, whatever order they finished in.
      result.cases.sort((a, b) => file.cases.indexOf(a.testCase) - file.cases.indexOf(b.testCase));
      result.verdict = fileVerdict(result);
      options.events?.fileFinished?.(result);
      return result;
    }),
  );
  return { files, summary: summarize(files, Date.now() - started) };
}

interface PreparedFile {
  path: string;
  file?: TestFile;
  files?: FileMap;
  problems: FileResult["problems"];
}

/** A test file read, parsed and expanded; `problems` when it cannot run. */
async function loadFile(path: string, options: RunnerOptions): Promise<PreparedFile> {
  let text: string;
  try {
    text = await options.host.readText(path);
  } catch (error) {
    return {
      path,
      problems: [{ path, position: { line: 1, column: 1 }, message: `cannot read the test file: ${messageOf(error)}` }],
    };
  }
  const parsed = parseTestFile(path, text, runtimeNamesOf(options.engine));
  if (!parsed.ok) return { path, problems: parsed.problems };
  return expandFile(parsed.file, options);
}

async function expandFile(file: TestFile, options: RunnerOptions): Promise<PreparedFile> {
  try {
    const expanded = await expandCases(file, options.host);
    if (expanded.problems.length > 0) return { path: file.path, problems: expanded.problems };
    return { path: file.path, file: expanded.file, problems: [] };
  } catch (error) {
    return {
      path: file.path,
      problems: [{ path: file.path, position: { line: 1, column: 1 }, message: messageOf(error) }],
    };
  }
}

async function mountFile(
  loaded: PreparedFile,
  options: RunnerOptions,
  mountFolder: (folder: string) => Promise<FileMap>,
): Promise<PreparedFile> {
  const { engine, host } = options;
  const { path, file } = loaded;
  if (!file) return loaded;
  // Workers load the runtime while the folder is read; a failure shows in the runs themselves.
  engine.warmUp(file.runtime, limitsOf(file, undefined, options)).catch(() => {});
  const folder = programFolder(file, host);
  try {
    const files = await mountFolder(folder);
    for (const [guest, data] of await host.mountPatterns(host.dirname(path), file.files)) files.set(guest, data);
    if (!files.has(entryPath(file))) {
      const where = file.programDir === undefined ? "next to this test file" : `in ${file.programDir}`;
      return {
        path,
        problems: [
          { path, position: file.entrySpan.start, message: `the program "${file.entry}" does not exist ${where}` },
        ],
      };
    }
    return { path, file, files, problems: [] };
  } catch (error) {
    return { path, problems: [{ path, position: { line: 1, column: 1 }, message: messageOf(error) }] };
  }
}

/** The folder mounted as the program's root. */
function programFolder(file: TestFile, host: TestHost): string {
  return file.programDir ?? host.dirname(file.path);
}

/** Every file a test file names as case data, relative to its folder, normalised. */
function dataPaths(file: TestFile): string[] {
  const paths: string[] = [];
  for (const testCase of file.cases) {
    for (const data of [testCase.stdin, testCase.stdout, testCase.stderr]) {
      if (data?.kind === "file") paths.push(guestPath(data.path).slice(1));
    }
  }
  return paths;
}

function skipped(file: TestFile, testCase: TestCase): CaseResult {
  return { file, testCase, outcome: "skipped", verdict: "skipped", failures: [], durationMs: 0 };
}

/** Output kept in a result when it is compared as it streams: enough to show its start. */
const KEPT_WHEN_STREAMED = 64 * 1024;

async function runCase(
  file: TestFile,
  testCase: TestCase,
  files: FileMap,
  compiled: CompiledProgram | undefined,
  checker: Checker | undefined,
  options: RunnerOptions,
): Promise<CaseResult> {
  const { host } = options;
  const folder = host.dirname(file.path);
  const caseFiles: FileMap = new Map(files);
  for (const [path, content] of Object.entries(testCase.files)) caseFiles.set(guestPath(path), encoder.encode(content));

  // File-backed expectations are compared as the output streams, against the file read alongside.
  const streamed: Partial<
    Record<"stdout" | "stderr", { comparator: StreamComparator; pump: AnswerPump; data: CaseData & { kind: "file" } }>
  > = {};
  for (const stream of ["stdout", "stderr"] as const) {
    const data = testCase[stream];
    // With a checker, stdout is its to judge, whole.
    if (data?.kind !== "file" || !canStream(testCase.match) || (checker && stream === "stdout")) continue;
    const comparator = createStreamComparator(testCase.match);
    streamed[stream] = { comparator, pump: new AnswerPump(host.read(host.join(folder, data.path)), comparator), data };
  }
  const request: RunRequest = {
    ...baseRequest(file, caseFiles),
    args: [...file.args, ...testCase.args],
    env: { ...file.env, ...testCase.env },
    stdin:
      testCase.stdin.kind === "text"
        ? { kind: "bytes", data: encoder.encode(testCase.stdin.text) }
        : { kind: "stream" },
    compiled,
    limits: { ...limitsOf(file, testCase, options), outputBytes: await outputLimitOf(file, testCase, host) },
  };
  let feeder: StdinFeeder | undefined;
  const handle = options.engine.start(request, {
    onOutput: (stream, data) => {
      const compared = streamed[stream];
      if (compared) {
        compared.comparator.pushActual(data);
        compared.pump.nudge();
      }
      options.events?.caseOutput?.(file, testCase, stream, data);
    },
    onStdinWanted: () => feeder?.wanted(),
    keepOutputBytes: !checker && (streamed.stdout || streamed.stderr) ? KEPT_WHEN_STREAMED : undefined,
  });
  if (testCase.stdin.kind === "file")
    feeder = new StdinFeeder(host.read(host.join(folder, testCase.stdin.path)), handle);
  const onAbort = () => handle.cancel();
  options.signal?.addEventListener("abort", onAbort);
  const run = await handle.result;
  options.signal?.removeEventListener("abort", onAbort);
  feeder?.stop();

  const decided: Decided = {};
  const dataErrors: string[] = feeder?.error ? [feeder.error] : [];
  for (const stream of ["stdout", "stderr"] as const) {
    const compared = streamed[stream];
    if (!compared) continue;
    compared.comparator.endActual();
    await compared.pump.finish();
    if (compared.pump.error) dataErrors.push(compared.pump.error);
    decided[stream] = streamedFailure(stream, compared.comparator, testCase);
  }
  if (checker && run.status === "exited" && run.exitCode === testCase.exitCode && dataErrors.length === 0) {
    decided.stdout = null;
    try {
      const [input, answer] = await Promise.all([
        wholeData(testCase.stdin, folder, host),
        testCase.stdout ? wholeData(testCase.stdout, folder, host) : new Uint8Array(0),
      ]);
      decided.checker = await checker.check({
        args: testCase.checkerArgs,
        input,
        answer,
        output: run.stdout,
        signal: options.signal,
      });
    } catch (error) {
      dataErrors.push(`cannot read the case's data for the checker: ${messageOf(error)}`);
    }
  }
  if (dataErrors.length > 0 && run.status === "exited") {
    return {
      file,
      testCase,
      outcome: "error",
      verdict: "judge_error",
      failures: dataErrors.map((message) => ({ kind: "data", message })),
      run,
      durationMs: run.durationMs,
    };
  }
  const verdict = evaluate(testCase, run, decided);
  const derived = timeLimitOf(file, testCase, options.timeMultiplier).derived;
  if (derived) for (const failure of verdict.failures) if (failure.kind === "timeout") failure.derived = derived;
  return { file, testCase, ...verdict, run, durationMs: run.durationMs };
}

/** Case data as bytes, read whole (a checker reads its input and answer as files). */
async function wholeData(data: CaseData, folder: string, host: TestHost): Promise<Uint8Array> {
  if (data.kind === "text") return encoder.encode(data.text);
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of host.read(host.join(folder, data.path))) {
    chunks.push(chunk);
    length += chunk.length;
  }
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.length;
  }
  return whole;
}

function streamedFailure(
  stream: "stdout" | "stderr",
  comparator: StreamComparator,
  testCase: TestCase,
): OutputFailure | null {
  const result = comparator.result();
  if (result.pass) return null;
  return {
    kind: stream,
    expected: result.window?.expected ?? "",
    actual: result.window?.actual ?? "",
    match: testCase.match,
    firstDifference: result.firstDifference,
    whitespaceOnly: result.whitespaceOnly,
    difference: result.difference,
    window: result.window && { expectedLine: result.window.expectedLine, actualLine: result.window.actualLine },
  };
}

/**
 * Output allowed: the file's `output_limit`, else the default, raised for a case whose
 * answer is a file to twice the answer and 1 MiB more (room for a wrong answer to show).
 */
async function outputLimitOf(file: TestFile, testCase: TestCase, host: TestHost): Promise<number> {
  if (file.outputLimitMib !== undefined) return file.outputLimitMib * MiB;
  let answers = 0;
  for (const stream of ["stdout", "stderr"] as const) {
    const data = testCase[stream];
    if (data?.kind === "file") answers += (await host.size(host.join(host.dirname(file.path), data.path))) ?? 0;
  }
  return Math.max(DEFAULT_LIMITS.outputBytes, 2 * answers + MiB);
}

/** The program in the folder; the engine starts it in the entry's folder. */
function baseRequest(file: TestFile, files: FileMap): RunRequest {
  return { runtime: file.runtime, entry: entryPath(file), files, std: file.std };
}

/** What a compiler may read: not the test files, so adding a case does not mean compiling again. */
function withoutTestFiles(files: FileMap): FileMap {
  return new Map([...files].filter(([path]) => !TEST_FILE_PATTERN.test(path)));
}

function limitsOf(file: TestFile, testCase: TestCase | undefined, options: RunnerOptions): RunRequest["limits"] {
  return {
    timeMs: timeLimitOf(file, testCase, options.timeMultiplier).ms,
    memoryBytes: file.memoryMib !== undefined ? file.memoryMib * MiB : DEFAULT_LIMITS.memoryBytes,
  };
}

function needsCompile(engine: Engine, file: TestFile): boolean {
  return engine.runtimes().some((r) => r.name === file.runtime && r.compiled);
}

function entryPath(file: TestFile): string {
  return guestPath(file.entry);
}

/** A path relative to the test file's folder, as a guest path under `/`. */
function guestPath(relative: string): string {
  const parts: string[] = [];
  for (const part of relative.split(/[\\/]+/)) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs at most `size` tasks at once, in the order they were queued. */
class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
