// Turns one run of a case into its verdict: which expectations failed, and why, named as judges name it.
import type { RunResult } from "../engine/api";
import { describeOutcome } from "../engine";
import { compareOutput } from "./compare";
import type { CaseFailure, CaseOutcome, CheckerFailure, OutputFailure, TestCase, Verdict } from "./model";

const decoder = new TextDecoder();

/**
 * What the runner decided outside the run's own bytes: file-backed outputs compared as they
 * streamed (null: they matched), and a checker's decision (null: it accepted).
 */
export interface Decided {
  stdout?: OutputFailure | null;
  stderr?: OutputFailure | null;
  checker?: CheckerFailure | null;
}

export interface Evaluation {
  outcome: CaseOutcome;
  verdict: Verdict;
  failures: CaseFailure[];
}

export function evaluate(testCase: TestCase, run: RunResult, decided: Decided = {}): Evaluation {
  switch (run.status) {
    case "timeout":
      return {
        outcome: "timeout",
        verdict: "time_limit_exceeded",
        failures: [{ kind: "timeout", limitMs: run.limitMs }],
      };
    case "killed":
      return {
        outcome: "limit",
        verdict: run.limit === "memory" ? "memory_limit_exceeded" : "output_limit_exceeded",
        failures: [{ kind: "limit", limit: run.limit, message: run.message }],
      };
    case "cancelled":
      return { outcome: "skipped", verdict: "skipped", failures: [] };
    case "compile-failed":
      return {
        outcome: "failed",
        verdict: "compile_error",
        failures: [{ kind: "compile", message: decoder.decode(run.stderr) }],
      };
    case "crashed": {
      const failures: CaseFailure[] = [{ kind: "crash", message: describeOutcome(run) ?? run.message }];
      return run.source === "program"
        ? { outcome: "failed", verdict: "run_time_error", failures }
        : { outcome: "error", verdict: "judge_error", failures };
    }
    case "exited":
      return exited(testCase, run, decided);
  }
}

function exited(testCase: TestCase, run: RunResult & { status: "exited" }, decided: Decided): Evaluation {
  const failures: CaseFailure[] = [];
  for (const stream of ["stdout", "stderr"] as const) {
    if (stream in decided) {
      const failure = decided[stream];
      if (failure) failures.push(failure);
      continue;
    }
    const expected = testCase[stream];
    if (expected === undefined || expected.kind !== "text") continue;
    const actual = decoder.decode(run[stream]);
    const comparison = compareOutput(expected.text, actual, testCase.match);
    if (!comparison.pass) {
      failures.push({
        kind: stream,
        expected: expected.text,
        actual,
        match: testCase.match,
        firstDifference: comparison.firstDifference,
        whitespaceOnly: comparison.whitespaceOnly,
        difference: comparison.difference,
      });
    }
  }
  if (decided.checker) failures.push(decided.checker);
  const exitFailed = run.exitCode !== testCase.exitCode;
  if (exitFailed) failures.push({ kind: "exit-code", expected: testCase.exitCode, actual: run.exitCode });
  if (failures.length === 0) return { outcome: "passed", verdict: "accepted", failures };
  // A program expected to succeed that exits non-zero crashed, whatever it printed: judges say so first.
  if (exitFailed && testCase.exitCode === 0) return { outcome: "failed", verdict: "run_time_error", failures };
  if (decided.checker?.outcome === "failed") return { outcome: "error", verdict: "judge_error", failures };
  return { outcome: "failed", verdict: "wrong_answer", failures };
}
