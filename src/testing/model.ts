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
  | { kind: "numeric"; tolerance: number };

export interface TestCase {
  name: string;
  /** Where the case's YAML mapping is: for gutter buttons and failure messages. */
  span: Span;
  stdin: string;
  args: string[];
  env: Record<string, string>;
  /** Inline files for this case only: relative path to content. */
  files: Record<string, string>;
  stdout?: string;
  stderr?: string;
  exitCode: number;
  timeoutMs?: number;
  match: MatchMode;
  points?: number;
  skip: boolean;
  only: boolean;
  /** Where the expectations are, to place a failure on the right line. */
  spans: { stdout?: Span; stderr?: Span; exitCode?: Span };
}

export interface TestFile {
  /** The YAML file's path as given (a host path or a workspace URI string). */
  path: string;
  /** The program under test, relative to the YAML file's folder. */
  entry: string;
  /** Where `entry:` is, for a missing-program problem. */
  entrySpan: Span;
  runtime: RuntimeName;
  timeoutMs?: number;
  memoryMib?: number;
  /** Extra files or globs mounted for every case, relative to the YAML file's folder. */
  files: string[];
  env: Record<string, string>;
  args: string[];
  cases: TestCase[];
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
  | { kind: "stdout" | "stderr"; expected: string; actual: string; match: MatchMode; firstDifference?: Position; whitespaceOnly: boolean }
  | { kind: "exit-code"; expected: number; actual: number }
  | { kind: "timeout"; limitMs: number }
  | { kind: "limit"; limit: "memory" | "output"; message: string }
  | { kind: "compile"; message: string }
  | { kind: "crash"; message: string };

export type CaseOutcome = "passed" | "failed" | "timeout" | "limit" | "error" | "skipped";

export interface CaseResult {
  file: TestFile;
  testCase: TestCase;
  outcome: CaseOutcome;
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
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** Files that could not be parsed or whose entry is missing. */
  invalidFiles: number;
  /** Present when any case has points. */
  score?: { earned: number; possible: number };
  durationMs: number;
}
