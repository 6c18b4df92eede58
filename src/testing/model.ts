/**
 * The test runner's data: test files as parsed, and results as run. Platform-free: no
 * VS Code, no Node. Positions are 1-based {line, column}, converted at the edges.
 */
import type { RunResult, RuntimeName } from "../engine/api";

export interface Position {
  line: number;
  column: number;
}

export interface Span {
  start: Position;
  end: Position;
}

/** How actual output is compared with the expected output. */
export type MatchMode =
  /** Line by line, ignoring trailing whitespace on each line, trailing blank lines, CRLF vs LF. */
  | { kind: "lines" }
  /** Byte for byte. */
  | { kind: "exact" }
  /** The expected text appears somewhere in the output (line endings normalised). */
  | { kind: "contains" }
  /** A regular expression (RE2 syntax: linear time, no backreferences) matches the output. */
  | { kind: "regex" }
  /** Line by line as `lines`, but numbers may differ by at most `tolerance` (absolute or relative). */
  | { kind: "numeric"; tolerance: number }
  /** Whitespace-separated tokens, as the Kattis default output validator compares them. */
  | TokensMatch;

/**
 * The judges' default comparison (the Kattis default output validator's semantics): tokens
 * separated by whitespace, case-insensitive unless `caseSensitive`; with `spaceChangeSensitive`
 * the whitespace between tokens must be the same too. When a tolerance is given, a token of
 * the expected output that is a number accepts any number within the absolute OR the relative
 * tolerance (relative to the expected number).
 */
export interface TokensMatch {
  kind: "tokens";
  caseSensitive: boolean;
  spaceChangeSensitive: boolean;
  absoluteTolerance?: number;
  relativeTolerance?: number;
}

/**
 * A case's input or expected output: text written in the test file, or a file on the host,
 * streamed into the program and compared as it comes, never mounted into its sandbox.
 */
export type CaseData =
  | { kind: "text"; text: string }
  /** `path` is relative to the test file's folder (`data/secret/1.in`). */
  | { kind: "file"; path: string };

/**
 * A program that decides whether an output is right, instead of a comparison: for problems
 * with many correct answers. It runs in the sandbox like the program, with its own limits,
 * its folder mounted as its root.
 * - `kattis`: `checker INPUT JUDGE_ANSWER FEEDBACK_DIR [args]`, the output on its stdin; exit
 *   42 accepts, 43 rejects; `judgemessage.txt` / `teammessage.txt` in FEEDBACK_DIR are shown.
 * - `testlib`: `checker INPUT OUTPUT ANSWER [args]`; exit 0 accepts, anything else rejects;
 *   its stderr is shown.
 */
export interface CheckerSpec {
  /** The checker's program (source or .wasm), relative to the test file's folder. */
  entry: string;
  runtime: RuntimeName;
  convention: CheckerConvention;
  /** Arguments after the convention's own (Kattis `validator_flags`). */
  args: string[];
  /** Wall-clock ms per check (default 30 s). */
  timeoutMs?: number;
  memoryMib?: number;
  /** Where `checker:` is in the test file. */
  span: Span;
}

export type CheckerConvention = "kattis" | "testlib";

/**
 * One `tests` entry that stands for a case per input file: `cases: data/secret/*.in` pairs
 * each input with the answer of the same name (the first of `answerExtensions` that
 * exists), in sorted order. `expandCases` turns generators into cases, through the host.
 */
export interface CaseGenerator {
  /** Glob of input files, relative to the test file's folder. */
  inputs: string;
  /** Extensions tried in order, in place of the input's: `[".ans", ".out"]`. */
  answerExtensions: string[];
  /** Settings every generated case takes (`match`, `points`, `timeout`, `args`, `env`, `exit`, `skip`, `only`). */
  template: CaseTemplate;
  /** Position of the entry in `tests`: generated cases take its place in the file's order. */
  index: number;
  /** Where the entry is: every generated case points at it. */
  span: Span;
}

/** What a generated case takes from its generator. */
export type CaseTemplate = Pick<
  TestCase,
  "args" | "env" | "exitCode" | "timeoutMs" | "match" | "points" | "skip" | "only"
>;

/**
 * A problem's time limit as judges give it, for native code: the sandbox's limit is
 * `nativeMs` times a multiplier (the CLI's --time-multiplier, else `multiplier`, else the
 * runtime's measured slowdown, `src/testing/time-limits.ts`).
 */
export interface NativeTimeLimit {
  nativeMs: number;
  multiplier?: number;
}

export interface TestCase {
  name: string;
  /** Where the case's YAML mapping is: for gutter buttons and failure messages. */
  span: Span;
  stdin: CaseData;
  args: string[];
  env: Record<string, string>;
  /** Inline files for this case only: relative path to content. */
  files: Record<string, string>;
  stdout?: CaseData;
  stderr?: CaseData;
  exitCode: number;
  timeoutMs?: number;
  match: MatchMode;
  points?: number;
  skip: boolean;
  only: boolean;
  /** Where the expectations are, to place a failure on the right line. */
  spans: { stdout?: Span; stderr?: Span; exitCode?: Span };
  /** Set on a case made by a `cases:` generator: the input file it was made from. */
  generatedFrom?: string;
  /**
   * The checker's arguments for this case, instead of `CheckerSpec.args` (a problem package's
   * per-group `output_validator_args` / `output_validator_flags`).
   */
  checkerArgs?: string[];
}

export interface TestFile {
  /** The test file's path as given (a host path or a workspace URI string). */
  path: string;
  /** The program under test, relative to `programDir` (default: the test file's folder). */
  entry: string;
  /**
   * The host folder mounted as the program's sandbox root, when it is not the test file's
   * own (a solution outside a problem package). Case data and the checker stay relative to
   * the test file's folder.
   */
  programDir?: string;
  /** Names for the summary per problem and per solution (default: the path and the entry). */
  label?: { problem?: string; solution?: string };
  /** Where `entry:` is, for a missing-program problem. */
  entrySpan: Span;
  runtime: RuntimeName;
  /** C/C++ language standard (`-std=`); default: the runtime's. */
  std?: string;
  /** The sandbox's wall-clock limit per case, in ms; wins over `timeLimit`. */
  timeoutMs?: number;
  /** A native time limit to multiply (YAML `time_limit`, `time_multiplier`). */
  timeLimit?: NativeTimeLimit;
  memoryMib?: number;
  /** MiB of stdout + stderr per case; default 1 MiB, or sized to a file-backed answer (runner). */
  outputLimitMib?: number;
  /** Decides instead of comparing stdout, when present. */
  checker?: CheckerSpec;
  /** Extra files or globs mounted for every case, relative to the YAML file's folder. */
  files: string[];
  env: Record<string, string>;
  args: string[];
  /** The cases written out; generated ones are added by `expandCases`. */
  cases: TestCase[];
  /** `cases:` entries not yet expanded (empty once expanded). */
  generators: CaseGenerator[];
}

/** A problem with a test file, at a position: shown as `file:line:column: message`. */
export interface TestFileProblem {
  path: string;
  position: Position;
  message: string;
}

export type ParseResult = { ok: true; file: TestFile } | { ok: false; problems: TestFileProblem[] };

/** Why a case did not pass, for reports. */
export type CaseFailure =
  | OutputFailure
  | { kind: "exit-code"; expected: number; actual: number }
  /** `derived`: the limit was a native `time_limit` multiplied (so the report can say how). */
  | {
      kind: "timeout";
      limitMs: number;
      derived?: { nativeMs: number; multiplier: number; from: "command line" | "test file" | "measured" };
    }
  | { kind: "limit"; limit: "memory" | "output"; message: string }
  | { kind: "compile"; message: string }
  | { kind: "crash"; message: string }
  | CheckerFailure
  /** Case data that could not be read (a file gone since the run started): a judge error. */
  | { kind: "data"; message: string };

/**
 * Output that is not what was expected. With text data `expected` and `actual` are whole;
 * with file-backed data they are the lines around the first difference (`window`).
 */
export interface OutputFailure {
  kind: "stdout" | "stderr";
  expected: string;
  actual: string;
  match: MatchMode;
  /** 1-based line and column of the first difference, in the actual output. */
  firstDifference?: Position;
  whitespaceOnly: boolean;
  /** The first differing token (tokens mode) or line, as the judge's message says it. */
  difference?: { unit: "token" | "line" | "byte"; expected: string; actual: string; expectedLine: number };
  /** `expected` starts at line `expectedLine` of the answer, `actual` at `actualLine` of the output. */
  window?: { expectedLine: number; actualLine: number };
}

/** A checker program rejected the output (wrong answer) or failed itself (judge error). */
export interface CheckerFailure {
  kind: "checker";
  convention: CheckerConvention;
  outcome: "rejected" | "failed";
  /** One line: why, in the checker's words when it gave any. */
  message: string;
  /** The checker's feedback: Kattis `judgemessage.txt` (and `teammessage.txt`), testlib's stderr. */
  feedback: string;
}

export type CaseOutcome = "passed" | "failed" | "timeout" | "limit" | "error" | "skipped";

/** A case's verdict, as judges name it. */
export type Verdict =
  | "accepted"
  | "wrong_answer"
  | "time_limit_exceeded"
  | "memory_limit_exceeded"
  | "output_limit_exceeded"
  | "run_time_error"
  | "compile_error"
  /** The judging itself failed: a checker that crashed or did not compile, unreadable data. */
  | "judge_error"
  | "skipped";

export const VERDICTS: readonly Verdict[] = [
  "accepted",
  "wrong_answer",
  "time_limit_exceeded",
  "memory_limit_exceeded",
  "output_limit_exceeded",
  "run_time_error",
  "compile_error",
  "judge_error",
  "skipped",
];

export interface CaseResult {
  file: TestFile;
  testCase: TestCase;
  outcome: CaseOutcome;
  verdict: Verdict;
  /** Every reason the case failed, in the order of the expectations. */
  failures: CaseFailure[];
  run?: RunResult;
  durationMs: number;
}

export interface FileResult {
  path: string;
  /** Absent when the file was invalid. */
  file?: TestFile;
  problems: TestFileProblem[];
  cases: CaseResult[];
  /** Compiler output when the program did not compile (reported once for the file). */
  compileError?: string;
  /** The checker's compiler output when it did not compile (every case is a judge error). */
  checkerError?: string;
  /** The file's verdict, as a judge gives a submission's: that of its first case not accepted. */
  verdict?: Verdict;
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** Files that could not be parsed or whose entry is missing. */
  invalidFiles: number;
  /** Present when any case has points. */
  score?: { earned: number; possible: number };
  /** Cases per verdict (only verdicts that occurred). */
  verdicts: Partial<Record<Verdict, number>>;
  /** Per problem, each solution's verdict and points (a problem per test file unless labelled). */
  problems: ProblemSummary[];
  durationMs: number;
}

export interface ProblemSummary {
  problem: string;
  solutions: SolutionSummary[];
}

export interface SolutionSummary {
  solution: string;
  /** The first verdict not `accepted` in case order, else `accepted`; none when no case ran. */
  verdict?: Verdict;
  accepted: number;
  cases: number;
  score?: { earned: number; possible: number };
}
