// `runno report merge`: one report from the JSON or JUnit reports of a sharded run's jobs.
import { mergeJsonReports } from "./json";
import { mergeJunitReports, ReportFormatError } from "./junit";

export { ReportFormatError };

export interface MergedReport {
  format: "json" | "junit";
  text: string;
  /** Whether any case failed (or errored), and whether any test file was invalid. */
  failed: boolean;
  invalid: boolean;
}

/** Merges reports that are all JSON or all JUnit XML, told apart by their first character. */
export function mergeReports(reports: { name: string; text: string }[]): MergedReport {
  if (reports.length === 0) throw new ReportFormatError("no reports to merge");
  const formats = new Set(reports.map(formatOf));
  if (formats.size > 1)
    throw new ReportFormatError(
      `cannot merge JSON reports with JUnit ones: ${reports.map((r) => `${r.name} (${formatOf(r)})`).join(", ")}`,
    );
  if (formats.has("json")) {
    const merged = mergeJsonReports(reports);
    return {
      format: "json",
      text: JSON.stringify(merged, null, 2) + "\n",
      failed: merged.summary.failed > 0,
      invalid: merged.summary.invalidFiles > 0,
    };
  }
  const merged = mergeJunitReports(reports);
  return {
    format: "junit",
    text: merged.xml,
    failed: merged.totals.failures + merged.totals.errors > 0,
    invalid: merged.invalid,
  };
}

function formatOf(report: { text: string }): "json" | "junit" {
  return report.text.trimStart().startsWith("<") ? "junit" : "json";
}
