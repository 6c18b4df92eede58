// Totals of a run: counts, points, cases per verdict, and each solution's verdict per problem.
import type { FileResult, ProblemSummary, SolutionSummary, Summary, Verdict } from "./model";

export function summarize(files: FileResult[], durationMs: number): Summary {
  const summary: Summary = {
    passed: 0,
    failed: 0,
    skipped: 0,
    invalidFiles: 0,
    verdicts: {},
    problems: [],
    durationMs,
  };
  let earned = 0;
  let possible = 0;
  let hasPoints = false;
  const problems = new Map<string, ProblemSummary>();
  for (const file of files) {
    if (!file.file) summary.invalidFiles++;
    for (const result of file.cases) {
      if (result.outcome === "passed") summary.passed++;
      else if (result.outcome === "skipped") summary.skipped++;
      else summary.failed++;
      summary.verdicts[result.verdict] = (summary.verdicts[result.verdict] ?? 0) + 1;
      const points = result.testCase.points;
      if (points !== undefined && result.outcome !== "skipped") {
        hasPoints = true;
        possible += points;
        if (result.outcome === "passed") earned += points;
      }
    }
    if (!file.file) continue;
    const name = file.file.label?.problem ?? file.path;
    const problem = problems.get(name) ?? { problem: name, solutions: [] };
    problem.solutions.push(solutionSummary(file));
    problems.set(name, problem);
  }
  if (hasPoints) summary.score = { earned, possible };
  summary.problems = [...problems.values()];
  return summary;
}

/** A submission's verdict as a judge gives it: its first case (in file order) not accepted. */
export function fileVerdict(file: FileResult): Verdict | undefined {
  const ran = file.cases.filter((c) => c.verdict !== "skipped");
  if (ran.length === 0) return undefined;
  return ran.find((c) => c.verdict !== "accepted")?.verdict ?? "accepted";
}

function solutionSummary(file: FileResult): SolutionSummary {
  const ran = file.cases.filter((c) => c.verdict !== "skipped");
  const withPoints = ran.filter((c) => c.testCase.points !== undefined);
  const score = withPoints.length
    ? {
        earned: withPoints.filter((c) => c.verdict === "accepted").reduce((total, c) => total + c.testCase.points!, 0),
        possible: withPoints.reduce((total, c) => total + c.testCase.points!, 0),
      }
    : undefined;
  return {
    solution: file.file?.label?.solution ?? file.file?.entry ?? file.path,
    verdict: fileVerdict(file),
    accepted: ran.filter((c) => c.verdict === "accepted").length,
    cases: ran.length,
    score,
  };
}
