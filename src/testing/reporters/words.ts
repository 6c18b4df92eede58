// Small pieces of wording shared by the reporters, so every format says the same thing.
import { formatSeconds } from "../../engine";
import type { CaseData, CaseResult, Summary, TestFileProblem, Verdict } from "../model";

/** Verdicts in words, as judges say them. */
export const VERDICT_WORDS: Record<Verdict, string> = {
  accepted: "accepted",
  wrong_answer: "wrong answer",
  time_limit_exceeded: "time limit exceeded",
  memory_limit_exceeded: "memory limit exceeded",
  output_limit_exceeded: "output limit exceeded",
  run_time_error: "run-time error",
  compile_error: "compile error",
  judge_error: "judge error",
  skipped: "skipped",
};

/** The judges' short codes. */
export const VERDICT_CODES: Record<Verdict, string> = {
  accepted: "AC",
  wrong_answer: "WA",
  time_limit_exceeded: "TLE",
  memory_limit_exceeded: "MLE",
  output_limit_exceeded: "OLE",
  run_time_error: "RTE",
  compile_error: "CE",
  judge_error: "JE",
  skipped: "skipped",
};

/** `file data/1.in` for file-backed data, the text itself otherwise. */
export function dataText(data: CaseData): string {
  return data.kind === "text" ? data.text : "";
}

/** The verdict counts of a run: `3 accepted, 1 wrong answer`. */
export function verdictLine(summary: Summary): string | undefined {
  const parts = (Object.keys(VERDICT_WORDS) as Verdict[])
    .filter((verdict) => verdict !== "skipped" && summary.verdicts[verdict])
    .map((verdict) => `${summary.verdicts[verdict]} ${VERDICT_WORDS[verdict]}`);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** Per problem, each solution's verdict, cases accepted and points: for a judge's summary. */
export function problemLines(summary: Summary): string[] {
  const lines: string[] = [];
  for (const problem of summary.problems) {
    for (const solution of problem.solutions) {
      if (!solution.verdict) continue;
      const points = solution.score ? `, ${solution.score.earned}/${solution.score.possible} points` : "";
      lines.push(
        `${problem.problem} › ${solution.solution}: ${VERDICT_WORDS[solution.verdict]} (${solution.accepted}/${solution.cases} cases${points})`,
      );
    }
  }
  return lines;
}

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
