/**
 * Runs test files: parses each, mounts its folder once, compiles its program once (C/C++),
 * then runs every case in a fresh sandbox, `jobs` at a time, and reports as results come.
 */
import type { CompiledProgram, Engine, FileMap, RunRequest } from "../engine/api";
import { DEFAULT_LIMITS, MiB } from "../engine/api";
import { evaluate } from "./evaluate";
import type { TestHost } from "./host";
import type { CaseResult, FileResult, Summary, TestCase, TestFile } from "./model";
import { parseTestFile, runtimeNamesOf, TEST_FILE_PATTERN } from "./parse";

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
  // A folder is read once per run, however many test files share it.
  const folders = new Map<string, Promise<FileMap>>();
  const mountFolder = (folder: string) => {
    if (!folders.has(folder)) folders.set(folder, options.host.mountFolder(folder));
    return folders.get(folder)!.then((files) => new Map(files));
  };
  const prepared = await Promise.all(paths.map((path) => prepareFile(path, options, mountFolder)));
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
        (c) => (!anyOnly || c.only) && (!options.grep || options.grep.test(c.name)) && (!options.select || options.select(file, c)),
      );

      let program: CompiledProgram | undefined;
      const runnable = selected.filter((c) => !c.skip);
      if (runnable.length > 0 && needsCompile(options.engine, file)) {
        const compiled = await limiter.run(() => options.engine.compile(baseRequest(file, withoutTestFiles(prep.files!))));
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
          if (testCase.skip) return finish({ file, testCase, outcome: "skipped", failures: [], durationMs: 0 });
          if (result.compileError !== undefined) {
            return finish({ file, testCase, outcome: "failed", failures: [{ kind: "compile", message: result.compileError }], durationMs: 0 });
          }
          await limiter.run(async () => {
            if (stop || options.signal?.aborted) return finish({ file, testCase, outcome: "skipped", failures: [], durationMs: 0 });
            options.events?.caseStarted?.(file, testCase);
            finish(await runCase(file, testCase, prep.files!, program, options));
          });
        }),
      );
      // Report cases in the file's order, whatever order they finished in.
      result.cases.sort((a, b) => file.cases.indexOf(a.testCase) - file.cases.indexOf(b.testCase));
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

async function prepareFile(path: string, options: RunnerOptions, mountFolder: (folder: string) => Promise<FileMap>): Promise<PreparedFile> {
  const { engine, host } = options;
  let text: string;
  try {
    text = await host.readText(path);
  } catch (error) {
    return { path, problems: [{ path, position: { line: 1, column: 1 }, message: `cannot read the test file: ${messageOf(error)}` }] };
  }
  const parsed = parseTestFile(path, text, runtimeNamesOf(engine));
  if (!parsed.ok) return { path, problems: parsed.problems };
  const file = parsed.file;
  // Workers load the runtime while the folder is read; a failure shows in the runs themselves.
  engine.warmUp(file.runtime, limitsOf(file)).catch(() => {});
  const folder = host.dirname(path);
  try {
    const files = await mountFolder(folder);
    for (const [guest, data] of await host.mountPatterns(folder, file.files)) files.set(guest, data);
    if (!files.has(entryPath(file))) {
      const message = `the program "${file.entry}" does not exist next to this test file`;
      return { path, problems: [{ path, position: file.entrySpan.start, message }] };
    }
    return { path, file, files, problems: [] };
  } catch (error) {
    return { path, problems: [{ path, position: { line: 1, column: 1 }, message: messageOf(error) }] };
  }
}

async function runCase(
  file: TestFile,
  testCase: TestCase,
  files: FileMap,
  compiled: CompiledProgram | undefined,
  options: RunnerOptions,
): Promise<CaseResult> {
  const caseFiles: FileMap = new Map(files);
  for (const [path, content] of Object.entries(testCase.files)) caseFiles.set(guestPath(path), encoder.encode(content));
  const request: RunRequest = {
    ...baseRequest(file, caseFiles),
    args: [...file.args, ...testCase.args],
    env: { ...file.env, ...testCase.env },
    stdin: { kind: "bytes", data: encoder.encode(testCase.stdin) },
    compiled,
    limits: limitsOf(file, testCase),
  };
  const handle = options.engine.start(request, {
    onOutput: (stream, data) => options.events?.caseOutput?.(file, testCase, stream, data),
  });
  const onAbort = () => handle.cancel();
  options.signal?.addEventListener("abort", onAbort);
  const run = await handle.result;
  options.signal?.removeEventListener("abort", onAbort);
  const verdict = evaluate(testCase, run);
  return { file, testCase, ...verdict, run, durationMs: run.durationMs };
}

/** The program in the folder; the engine starts it in the entry's folder. */
function baseRequest(file: TestFile, files: FileMap): RunRequest {
  return { runtime: file.runtime, entry: entryPath(file), files };
}

/** What a compiler may read: not the test files, so adding a case does not mean compiling again. */
function withoutTestFiles(files: FileMap): FileMap {
  return new Map([...files].filter(([path]) => !TEST_FILE_PATTERN.test(path)));
}

function limitsOf(file: TestFile, testCase?: TestCase): RunRequest["limits"] {
  return {
    timeMs: testCase?.timeoutMs ?? file.timeoutMs ?? DEFAULT_LIMITS.timeMs,
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

export function summarize(files: FileResult[], durationMs: number): Summary {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0, invalidFiles: 0, durationMs };
  let earned = 0;
  let possible = 0;
  let hasPoints = false;
  for (const file of files) {
    if (!file.file) summary.invalidFiles++;
    for (const result of file.cases) {
      if (result.outcome === "passed") summary.passed++;
      else if (result.outcome === "skipped") summary.skipped++;
      else summary.failed++;
      const points = result.testCase.points;
      if (points !== undefined && result.outcome !== "skipped") {
        hasPoints = true;
        possible += points;
        if (result.outcome === "passed") earned += points;
      }
    }
  }
  if (hasPoints) summary.score = { earned, possible };
  return summary;
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
