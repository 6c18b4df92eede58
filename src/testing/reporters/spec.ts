// The human report: each file as it finishes, its cases with a mark, and under each failing
// case what differed. Ends with the totals and, last, the `N passed, N failed` line CI reads.
import type { RunReport } from "../runner";
import type { CaseResult, FileResult } from "../model";
import { styleFor, type Style } from "./ansi";
import { failureDetails, failureHeadline, indent, runDetails } from "./failure-text";
import { PrintedFiles } from "./progress";
import type { Reporter, ReporterOptions } from "./reporter";
import { excerpt, oneLine } from "./visible";
import {
  countsLine,
  formatDuration,
  formatProblem,
  plural,
  problemLines,
  scoreLine,
  VERDICT_WORDS,
  verdictLine,
} from "./words";

const COMPILE_ERROR_LINES = 30;

export function specReporter(options: ReporterOptions): Reporter {
  const style = styleFor(options.color);
  const printed = new PrintedFiles();
  return {
    fileFinished: (result) => (printed.add(result) ? fileBlock(result, style) : ""),
    end: (report) =>
      printed
        .unprinted(report.files)
        .map((file) => fileBlock(file, style))
        .join("") + totals(report, style),
  };
}

function fileBlock(result: FileResult, style: Style): string {
  const lines = [style.bold(oneLine(result.path))];
  if (result.problems.length > 0 || !result.file) {
    lines.push(`  ${style.red("✗")} invalid test file`, ...indent(result.problems.map(formatProblem), "      "));
  }
  if (result.compileError !== undefined) {
    lines.push(
      `  ${style.red("✗")} the program did not compile:`,
      ...indent(excerpt(result.compileError, COMPILE_ERROR_LINES), "      "),
    );
  }
  if (result.checkerError !== undefined) {
    lines.push(
      `  ${style.red("✗")} the checker did not compile:`,
      ...indent(excerpt(result.checkerError, COMPILE_ERROR_LINES), "      "),
    );
  }
  for (const caseResult of result.cases) lines.push(...caseLines(caseResult, style));
  return lines.join("\n") + "\n\n";
}

function caseLines(result: CaseResult, style: Style): string[] {
  const name = oneLine(result.testCase.name);
  const duration = style.dim(`(${formatDuration(result.durationMs)})`);
  switch (result.outcome) {
    case "passed":
      return [`  ${style.green("✓")} ${name} ${duration}`];
    case "skipped":
      return [`  ${style.cyan("-")} ${name} ${style.cyan("(skipped)")}`];
  }
  // The compiler's output is shown once for the file, not under every case.
  if (result.failures.some((failure) => failure.kind === "compile"))
    return [`  ${style.red("✗")} ${name}: compile error`];
  const mark = result.outcome === "timeout" ? style.yellow("⏱") : style.red("✗");
  const verdict = style.red(VERDICT_WORDS[result.verdict]);
  const details = result.failures.flatMap((failure) => [
    style.red(failureHeadline(failure)),
    ...indent(failureDetails(failure, style)),
  ]);
  if (result.failures.length === 0) details.push(style.red(`did not pass (${result.outcome})`));
  return [`  ${mark} ${name}: ${verdict} ${duration}`, ...indent([...details, ...runDetails(result, style)], "      ")];
}

function totals(report: RunReport, style: Style): string {
  const { summary } = report;
  const counts = [style.green(`${summary.passed} passing`), style.red(`${summary.failed} failing`)];
  if (summary.skipped > 0) counts.push(style.cyan(`${summary.skipped} skipped`));
  if (summary.invalidFiles > 0) counts.push(style.red(plural(summary.invalidFiles, "invalid test file")));
  const lines = [`${counts.join(", ")} ${style.dim(`(${formatDuration(summary.durationMs)})`)}`];
  const verdicts = verdictLine(summary);
  // Verdicts say more than passing/failing once anything failed, or for a judge's summary.
  if (verdicts && (summary.failed > 0 || summary.problems.some((p) => p.solutions.length > 1))) lines.push(verdicts);
  const judged = problemLines(summary);
  if (judged.length > 1) lines.push(...judged.map(oneLine));
  const score = scoreLine(summary);
  if (score) lines.push(style.bold(score));
  // Plain and last, whatever else changes: CI reads this line.
  lines.push(countsLine(summary));
  return lines.join("\n") + "\n";
}
