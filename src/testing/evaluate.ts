// Turns one run of a case into its verdict: which expectations failed, and why.
import type { RunResult } from "../engine/api";
import { describeOutcome } from "../engine/describe";
import { compareOutput } from "./compare";
import type { CaseFailure, CaseOutcome, TestCase } from "./model";

const decoder = new TextDecoder();

export function evaluate(testCase: TestCase, run: RunResult): { outcome: CaseOutcome; failures: CaseFailure[] } {
  switch (run.status) {
    case "timeout":
      return { outcome: "timeout", failures: [{ kind: "timeout", limitMs: run.limitMs }] };
    case "killed":
      return { outcome: "limit", failures: [{ kind: "limit", limit: run.limit, message: run.message }] };
    case "cancelled":
      return { outcome: "skipped", failures: [] };
    case "compile-failed":
      return { outcome: "failed", failures: [{ kind: "compile", message: decoder.decode(run.stderr) }] };
    case "crashed":
      return {
        outcome: run.source === "program" ? "failed" : "error",
        failures: [{ kind: "crash", message: describeOutcome(run) ?? run.message }],
      };
    case "exited": {
      const failures: CaseFailure[] = [];
      for (const stream of ["stdout", "stderr"] as const) {
        const expected = testCase[stream];
        if (expected === undefined) continue;
        const actual = decoder.decode(run[stream]);
        const comparison = compareOutput(expected, actual, testCase.match);
        if (!comparison.pass) {
          failures.push({
            kind: stream,
            expected,
            actual,
            match: testCase.match,
            firstDifference: comparison.firstDifference,
            whitespaceOnly: comparison.whitespaceOnly,
          });
        }
      }
      if (run.exitCode !== testCase.exitCode) failures.push({ kind: "exit-code", expected: testCase.exitCode, actual: run.exitCode });
      return { outcome: failures.length === 0 ? "passed" : "failed", failures };
    }
  }
}
