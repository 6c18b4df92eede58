/**
 * Joins the JSON reports of the shards of one run (`runno report merge`): a test file found
 * in several reports becomes one, with the cases of all of them in the file's order, and
 * the summary is computed again from the cases. Reports of other versions are refused.
 */
import type { ProblemSummary, SolutionSummary, Verdict } from "../model";
import { JSON_REPORT_VERSION, type JsonCase, type JsonFile, type JsonReport } from "../reporters/json";
import { ReportFormatError } from "./junit";

export function mergeJsonReports(reports: { name: string; text: string }[]): JsonReport {
  const files = new Map<string, JsonFile & { from: Map<string, string> }>();
  let durationMs = 0;
  for (const { name, text } of reports) {
    const report = readReport(name, text);
    // Shards run side by side: the merged run took as long as its slowest shard.
    durationMs = Math.max(durationMs, report.summary.durationMs);
    for (const file of report.files) {
      let merged = files.get(file.path);
      if (!merged) files.set(file.path, (merged = { ...file, cases: [], problems: [], from: new Map() }));
      merged.valid &&= file.valid;
      merged.runtime ??= file.runtime;
      merged.compileError ??= file.compileError;
      merged.checkerError ??= file.checkerError;
      // Every shard reports an invalid file's problems: keep one of each.
      const seen = new Set(merged.problems.map((p) => JSON.stringify(p)));
      merged.problems.push(...file.problems.filter((p) => !seen.has(JSON.stringify(p))));
      for (const testCase of file.cases) {
        const earlier = merged.from.get(testCase.name);
        if (earlier !== undefined)
          throw new ReportFormatError(
            `${name}: case "${testCase.name}" of ${file.path} is also in ${earlier}; merge the reports of one sharded run`,
          );
        merged.from.set(testCase.name, name);
        merged.cases.push(testCase);
      }
    }
  }
  const merged = [...files.values()]
    .sort((a, b) => compare(a.path, b.path))
    .map(({ from: _from, ...file }) => {
      const cases = file.cases.sort((a, b) => a.line - b.line || compare(a.name, b.name));
      return { ...file, cases, verdict: verdictOf(cases) };
    });
  return { version: JSON_REPORT_VERSION, files: merged, summary: summaryOf(merged, durationMs) };
}

/** As the runner's summary.ts computes it, from the merged cases. */
function summaryOf(files: JsonFile[], durationMs: number): JsonReport["summary"] {
  const summary: JsonReport["summary"] = {
    passed: 0,
    failed: 0,
    skipped: 0,
    invalidFiles: 0,
    score: null,
    verdicts: {},
    problems: [],
    durationMs,
  };
  let earned = 0;
  let possible = 0;
  let hasPoints = false;
  const problems = new Map<string, ProblemSummary>();
  for (const file of files) {
    if (!file.valid) summary.invalidFiles++;
    for (const testCase of file.cases) {
      if (testCase.outcome === "passed") summary.passed++;
      else if (testCase.outcome === "skipped") summary.skipped++;
      else summary.failed++;
      summary.verdicts[testCase.verdict] = (summary.verdicts[testCase.verdict] ?? 0) + 1;
      if (testCase.points !== null && testCase.outcome !== "skipped") {
        hasPoints = true;
        possible += testCase.points;
        if (testCase.outcome === "passed") earned += testCase.points;
      }
    }
    if (file.problem === null || file.solution === null) continue;
    const problem = problems.get(file.problem) ?? { problem: file.problem, solutions: [] };
    problem.solutions.push(solutionOf(file));
    problems.set(file.problem, problem);
  }
  if (hasPoints) summary.score = { earned, possible };
  summary.problems = [...problems.values()];
  return summary;
}

function solutionOf(file: JsonFile): SolutionSummary {
  const ran = file.cases.filter((c) => c.verdict !== "skipped");
  const withPoints = ran.filter((c) => c.points !== null);
  const score = withPoints.length
    ? {
        earned: withPoints.filter((c) => c.verdict === "accepted").reduce((total, c) => total + c.points!, 0),
        possible: withPoints.reduce((total, c) => total + c.points!, 0),
      }
    : undefined;
  return {
    solution: file.solution!,
    verdict: verdictOf(file.cases) ?? undefined,
    accepted: ran.filter((c) => c.verdict === "accepted").length,
    cases: ran.length,
    score,
  };
}

/** A judge's verdict of a submission: its first case not accepted, in case order; null when none ran. */
function verdictOf(cases: JsonCase[]): Verdict | null {
  const ran = cases.filter((c) => c.verdict !== "skipped");
  if (ran.length === 0) return null;
  return ran.find((c) => c.verdict !== "accepted")?.verdict ?? "accepted";
}

/** A report as `runno test --reporter json` writes it, checked as far as merging relies on it. */
function readReport(name: string, text: string): JsonReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportFormatError(`${name}: not valid JSON (${error instanceof Error ? error.message : error})`);
  }
  const report = data as Partial<JsonReport>;
  if (typeof data !== "object" || data === null || !Array.isArray(report.files) || typeof report.summary !== "object") {
    throw new ReportFormatError(`${name}: not a runno test JSON report (no "files" and "summary")`);
  }
  if (report.version !== JSON_REPORT_VERSION) {
    throw new ReportFormatError(
      `${name}: a JSON report of version ${String(report.version)}; this runno reads version ${JSON_REPORT_VERSION}`,
    );
  }
  for (const file of report.files) {
    if (typeof file?.path !== "string" || !Array.isArray(file.cases) || !file.cases.every(isCase)) {
      throw new ReportFormatError(`${name}: a file entry without a "path" and well-formed "cases"`);
    }
  }
  return report as JsonReport;
}

function isCase(value: JsonCase): boolean {
  return typeof value?.name === "string" && typeof value.line === "number" && typeof value.outcome === "string";
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
