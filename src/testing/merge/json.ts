/**
 * Joins the JSON reports of the shards of one run (`runno report merge`): a test file found
 * in several reports becomes one, with the cases of all of them in the file's order, and
 * the summary is computed again from the cases. Reports of other versions are refused.
 */
import { JSON_REPORT_VERSION, jsonSummary, type JsonCase, type JsonFile, type JsonReport } from "../reporters/json";
import { summarizeTallies, verdictOf } from "../summary";
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
      return { ...file, cases, verdict: verdictOf(cases) ?? null };
    });
  return { version: JSON_REPORT_VERSION, files: merged, summary: summaryOf(merged, durationMs) };
}

/** The summary computed again from the merged cases, as the runner computes it. */
function summaryOf(files: JsonFile[], durationMs: number): JsonReport["summary"] {
  const tallies = files.map((file) => ({
    invalid: !file.valid,
    problem: file.problem ?? undefined,
    solution: file.solution ?? undefined,
    cases: file.cases.map((c) => ({ outcome: c.outcome, verdict: c.verdict, points: c.points ?? undefined })),
  }));
  return jsonSummary(summarizeTallies(tallies, durationMs));
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
