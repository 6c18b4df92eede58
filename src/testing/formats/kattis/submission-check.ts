/**
 * `runno test PROBLEM --submissions`: whether each example submission got what its folder
 * says it must (accepted, wrong_answer, time_limit_exceeded, run_time_error...), as the
 * format's own tools check a package for its authors.
 */
import type { FileResult, Verdict } from "../../model";
import type { SubmissionSource } from "../sources";
import { meets, type ShortVerdict } from "./expectations";
import { inScope } from "./submissions-yaml";

export interface SubmissionCheck {
  problem: string;
  name: string;
  expected: string;
  /** The verdict of each case that ran, in the format's short names. */
  verdicts: ShortVerdict[];
  ok: boolean;
  /** Why not, in one line. */
  why?: string;
}

/** The judges' short verdicts; a memory or output limit is a run-time error, as Kattis counts them. */
const SHORT: Partial<Record<Verdict, ShortVerdict>> = {
  accepted: "AC",
  wrong_answer: "WA",
  time_limit_exceeded: "TLE",
  run_time_error: "RTE",
  memory_limit_exceeded: "RTE",
  output_limit_exceeded: "RTE",
};

export function checkSubmissions(submissions: SubmissionSource[], results: FileResult[]): SubmissionCheck[] {
  const byPath = new Map(results.map((result) => [result.path, result]));
  return submissions.map((submission) => {
    const base = { problem: submission.problem, name: submission.name, expected: submission.expected };
    const result = byPath.get(submission.path);
    if (!result || !result.file)
      return { ...base, verdicts: [], ok: false, why: result?.problems[0]?.message ?? "did not run" };
    if (result.compileError !== undefined) return { ...base, verdicts: [], ok: false, why: "did not compile" };
    const ran: { name: string; verdict: ShortVerdict }[] = [];
    for (const caseResult of result.cases) {
      if (caseResult.verdict === "skipped") continue;
      const short = SHORT[caseResult.verdict];
      if (!short)
        return {
          ...base,
          verdicts: ran.map((c) => c.verdict),
          ok: false,
          why: `${caseResult.testCase.name}: ${caseResult.verdict.replace(/_/g, " ")}`,
        };
      ran.push({ name: caseResult.testCase.name, verdict: short });
    }
    const verdicts = ran.map((c) => c.verdict);
    for (const expectation of submission.expectations) {
      // A rule on a test data path holds over its cases alone; none ran there: nothing to hold.
      const scoped = expectation.cases ? ran.filter((c) => inScope(expectation.cases!, c.name)) : ran;
      if (expectation.cases && scoped.length === 0) continue;
      const verdict = meets(
        expectation,
        scoped.map((c) => c.verdict),
      );
      if (!verdict.ok)
        return {
          ...base,
          verdicts,
          ok: false,
          why: expectation.source ? `${verdict.why} (${expectation.source})` : verdict.why,
        };
    }
    return { ...base, verdicts, ok: verdicts.length > 0, why: verdicts.length === 0 ? "no case ran" : undefined };
  });
}

/** The report's lines: one per submission, then the count. */
export function formatSubmissionChecks(
  checks: SubmissionCheck[],
  notRun: { problem: string; name: string; reason: string }[],
): string {
  const lines = ["", "Submissions against their folders:"];
  for (const check of checks) {
    const counts = countOf(check.verdicts);
    lines.push(
      `  ${check.ok ? "ok  " : "FAIL"} ${check.problem}: ${check.name} (${counts || "no case ran"})${check.ok ? "" : `: ${check.why}`}`,
    );
  }
  for (const skipped of notRun) lines.push(`  skip ${skipped.problem}: ${skipped.name}: ${skipped.reason}`);
  const failed = checks.filter((c) => !c.ok).length;
  lines.push(
    `${checks.length - failed} of ${checks.length} submissions got the verdicts their folders expect${notRun.length ? `; ${notRun.length} not run` : ""}`,
  );
  return lines.join("\n") + "\n";
}

function countOf(verdicts: ShortVerdict[]): string {
  const counts = new Map<ShortVerdict, number>();
  for (const verdict of verdicts) counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  return [...counts].map(([verdict, count]) => `${count} ${verdict}`).join(", ");
}
