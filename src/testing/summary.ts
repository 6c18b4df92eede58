// Totals of a run: counts, points, cases per verdict, and each solution's verdict per problem.
// One tally serves the runner's results and the merged JSON reports of shards alike.
import type { CaseOutcome, FileResult, ProblemSummary, SolutionSummary, Summary, Verdict } from "./model";

/** What the totals need of a case, wherever it comes from. */
export interface TallyCase {
  outcome: CaseOutcome;
  verdict: Verdict;
  points?: number;
}

/** What the totals need of a test file; `problem` and `solution` unset when it did not load. */
export interface TallyFile {
  invalid: boolean;
  problem?: string;
  solution?: string;
  cases: TallyCase[];
}

export function summarize(files: FileResult[], durationMs: number): Summary {
  return summarizeTallies(
    files.map((file) => ({
      invalid: !file.file,
      problem: file.file ? (file.file.label?.problem ?? file.path) : undefined,
      solution: file.file ? (file.file.label?.solution ?? file.file.entry) : undefined,
      cases: file.cases.map((c) => ({ outcome: c.outcome, verdict: c.verdict, points: c.testCase.points })),
    })),
    durationMs,
  );
}

export function summarizeTallies(files: TallyFile[], durationMs: number): Summary {
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
    if (file.invalid) summary.invalidFiles++;
    for (const result of file.cases) {
      if (result.outcome === "passed") summary.passed++;
      else if (result.outcome === "skipped") summary.skipped++;
      else summary.failed++;
      summary.verdicts[result.verdict] = (summary.verdicts[result.verdict] ?? 0) + 1;
      if (result.points !== undefined && result.outcome !== "skipped") {
        hasPoints = true;
        possible += result.points;
        if (result.outcome === "passed") earned += result.points;
      }
    }
    if (file.problem === undefined || file.solution === undefined) continue;
    const problem = problems.get(file.problem) ?? { problem: file.problem, solutions: [] };
    problem.solutions.push(solutionSummary(file.solution, file.cases));
    problems.set(file.problem, problem);
  }
  if (hasPoints) summary.score = { earned, possible };
  summary.problems = [...problems.values()];
  return summary;
}

/** A submission's verdict as a judge gives it: its first case (in file order) not accepted; none when no case ran. */
export function verdictOf(cases: readonly { verdict: Verdict }[]): Verdict | undefined {
  const ran = cases.filter((c) => c.verdict !== "skipped");
  if (ran.length === 0) return undefined;
  return ran.find((c) => c.verdict !== "accepted")?.verdict ?? "accepted";
}

export function fileVerdict(file: FileResult): Verdict | undefined {
  return verdictOf(file.cases);
}

function solutionSummary(solution: string, cases: TallyCase[]): SolutionSummary {
  const ran = cases.filter((c) => c.verdict !== "skipped");
  const withPoints = ran.filter((c) => c.points !== undefined);
  const score = withPoints.length
    ? {
        earned: withPoints.filter((c) => c.verdict === "accepted").reduce((total, c) => total + c.points!, 0),
        possible: withPoints.reduce((total, c) => total + c.points!, 0),
      }
    : undefined;
  return {
    solution,
    verdict: verdictOf(cases),
    accepted: ran.filter((c) => c.verdict === "accepted").length,
    cases: ran.length,
    score,
  };
}
