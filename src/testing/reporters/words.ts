// Small pieces of wording shared by the reporters, so every format says the same thing.
import { formatSeconds } from "../../engine/describe";
import type { CaseResult, Summary, TestFileProblem } from "../model";

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatSeconds(ms);
}

/** `path:line:column: message`, the form editors and CI logs link to. */
export function formatProblem(problem: TestFileProblem): string {
  return `${problem.path}:${problem.position.line}:${problem.position.column}: ${problem.message}`;
}

/** The line CI reads: `N passed, N failed`, then `, N skipped` when any were skipped. */
export function countsLine(summary: Summary): string {
  const skipped = summary.skipped > 0 ? `, ${summary.skipped} skipped` : "";
  return `${summary.passed} passed, ${summary.failed} failed${skipped}`;
}

export function scoreLine(summary: Summary): string | undefined {
  return summary.score && `Score: ${summary.score.earned}/${summary.score.possible}`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A case's name with its file, for flat formats (TAP). */
export function caseTitle(path: string, result: CaseResult): string {
  return `${path} › ${result.testCase.name}`;
}
