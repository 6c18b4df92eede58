/**
 * The machine-readable report of `runno test --reporter json`: one JSON object, printed at
 * the end, of the shape `JsonReport`. Stable: fields may be added; any other change bumps
 * `version`. Absent values are `null`, never missing, so consumers can rely on every key.
 */
import type { RunOutcome, RuntimeName } from "../../engine/api";
import type {
  CaseFailure,
  CaseOutcome,
  CaseResult,
  FileResult,
  OutputFailure,
  Position,
  ProblemSummary,
  Summary,
  Verdict,
} from "../model";
import type { RunReport } from "../runner";
import type { Reporter } from "./reporter";

export const JSON_REPORT_VERSION = 1;

export type RunStatus = RunOutcome["status"];

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  files: JsonFile[];
  summary: JsonSummary;
}

export interface JsonFile {
  /** The YAML file's path, as reported (relative to where `runno test` ran). */
  path: string;
  /** False when the file could not be parsed or its program is missing; see `problems`. */
  valid: boolean;
  runtime: RuntimeName | null;
  /** 1-based positions in the YAML file. */
  problems: { path: string; line: number; column: number; message: string }[];
  /** The compiler's output when the program did not compile (its cases then failed). */
  compileError: string | null;
  /** The checker's compiler output when it did not compile (its cases are judge errors). */
  checkerError: string | null;
  /** The file's verdict as a judge gives a submission's: its first case not accepted; null when none ran. */
  verdict: Verdict | null;
  /** The problem and solution this file judged (labels of a format loader, else the path and the entry). */
  problem: string | null;
  solution: string | null;
  cases: JsonCase[];
}

export interface JsonCase {
  name: string;
  /** The line of the case in the YAML file. */
  line: number;
  outcome: CaseOutcome;
  /** As judges name it: accepted, wrong_answer, time_limit_exceeded, memory_limit_exceeded, output_limit_exceeded, run_time_error, compile_error, judge_error, skipped. */
  verdict: Verdict;
  durationMs: number;
  points: number | null;
  /** Why the case did not pass, in the order of its expectations; empty when it passed. */
  failures: JsonFailure[];
  /** How the run ended (`exited`, `timeout`, …); null when the case did not run. */
  status: RunStatus | null;
  exitCode: number | null;
  /** Output as UTF-8 text; null when the case did not run. */
  stdout: string | null;
  stderr: string | null;
}

/** As the runner's `CaseFailure`, with the optional fields of an output failure null rather than absent. */
export type JsonFailure =
  | Exclude<CaseFailure, OutputFailure>
  | (Omit<OutputFailure, "firstDifference" | "difference" | "window"> & {
      firstDifference: Position | null;
      difference: OutputFailure["difference"] | null;
      window: OutputFailure["window"] | null;
    });

export interface JsonSummary {
  passed: number;
  failed: number;
  skipped: number;
  invalidFiles: number;
  score: { earned: number; possible: number } | null;
  /** Cases per verdict, only those that occurred. */
  verdicts: Partial<Record<Verdict, number>>;
  /** Per problem, each solution's verdict, accepted cases and points. */
  problems: ProblemSummary[];
  durationMs: number;
}

const decoder = new TextDecoder();

export function jsonReporter(): Reporter {
  return { fileFinished: () => "", end: (report) => JSON.stringify(jsonReport(report), null, 2) + "\n" };
}

export function jsonReport(report: RunReport): JsonReport {
  return { version: JSON_REPORT_VERSION, files: report.files.map(jsonFile), summary: jsonSummary(report.summary) };
}

export function jsonSummary(summary: Summary): JsonSummary {
  return {
    passed: summary.passed,
    failed: summary.failed,
    skipped: summary.skipped,
    invalidFiles: summary.invalidFiles,
    score: summary.score ?? null,
    verdicts: summary.verdicts,
    problems: summary.problems,
    durationMs: summary.durationMs,
  };
}

function jsonFile(file: FileResult): JsonFile {
  return {
    path: file.path,
    valid: file.file !== undefined && file.problems.length === 0,
    runtime: file.file?.runtime ?? null,
    problems: file.problems.map((p) => ({
      path: p.path,
      line: p.position.line,
      column: p.position.column,
      message: p.message,
    })),
    compileError: file.compileError ?? null,
    checkerError: file.checkerError ?? null,
    verdict: file.verdict ?? null,
    problem: file.file ? (file.file.label?.problem ?? file.path) : null,
    solution: file.file ? (file.file.label?.solution ?? file.file.entry) : null,
    cases: file.cases.map(jsonCase),
  };
}

function jsonCase(result: CaseResult): JsonCase {
  const { testCase, run } = result;
  return {
    name: testCase.name,
    line: testCase.span.start.line,
    outcome: result.outcome,
    verdict: result.verdict,
    durationMs: result.durationMs,
    points: testCase.points ?? null,
    failures: result.failures.map(jsonFailure),
    status: run?.status ?? null,
    exitCode: run && (run.status === "exited" || run.status === "compile-failed") ? run.exitCode : null,
    stdout: run ? decoder.decode(run.stdout) : null,
    stderr: run ? decoder.decode(run.stderr) : null,
  };
}

function jsonFailure(failure: CaseFailure): JsonFailure {
  if (failure.kind !== "stdout" && failure.kind !== "stderr") return failure as Exclude<CaseFailure, OutputFailure>;
  return {
    ...failure,
    firstDifference: failure.firstDifference ?? null,
    difference: failure.difference ?? null,
    window: failure.window ?? null,
  };
}
