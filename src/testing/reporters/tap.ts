// TAP version 13: one test point per case (and per invalid file), numbered across files as
// they finish, a YAML diagnostic block under each failure, and the plan at the end.
import { stringify } from "yaml";
import type { CaseFailure, CaseResult, FileResult } from "../model";
import type { RunReport } from "../runner";
import { caseMessage, failureHeadline } from "./failure-text";
import { PrintedFiles } from "./progress";
import type { Reporter } from "./reporter";
import { excerpt, oneLine } from "./visible";
import { caseTitle, countsLine, formatProblem, problemLines, scoreLine, verdictLine } from "./words";

const COMPILE_ERROR_LINES = 30;
const decoder = new TextDecoder();

export function tapReporter(): Reporter {
  const printed = new PrintedFiles();
  let count = 0;
  let started = false;
  const version = () => (started ? "" : ((started = true), "TAP version 13\n"));
  const entries = (file: FileResult) => fileEntries(file, () => ++count);
  return {
    fileFinished: (result) => (printed.add(result) ? version() + entries(result) : ""),
    end: (report) => version() + printed.unprinted(report.files).map(entries).join("") + closing(report, count),
  };
}

function fileEntries(result: FileResult, next: () => number): string {
  let out = "";
  if (result.problems.length > 0 || !result.file) {
    const diagnostic = { message: "invalid test file", severity: "fail", problems: result.problems.map(formatProblem) };
    out += `not ok ${next()} - ${description(`${result.path} (invalid test file)`)}\n${yamlBlock(diagnostic)}`;
  }
  if (result.compileError !== undefined) {
    // Once per file, as a comment: every case of the file then just says it did not compile.
    out += `# ${oneLine(result.path)}: the program did not compile\n`;
    out += excerpt(result.compileError, COMPILE_ERROR_LINES)
      .map((line) => `#   ${line}\n`)
      .join("");
  }
  for (const caseResult of result.cases) out += caseEntry(caseResult, result.path, next());
  return out;
}

function caseEntry(result: CaseResult, path: string, number: number): string {
  const title = description(caseTitle(path, result));
  if (result.outcome === "skipped") return `ok ${number} - ${title} # SKIP\n`;
  if (result.outcome === "passed") return `ok ${number} - ${title}\n`;
  return `not ok ${number} - ${title}\n${yamlBlock(diagnostic(result, path))}`;
}

function diagnostic(result: CaseResult, path: string): Record<string, unknown> {
  const { testCase, run } = result;
  const block: Record<string, unknown> = {
    message: caseMessage(result),
    severity: "fail",
    outcome: result.outcome,
    verdict: result.verdict,
    at: { file: path, line: testCase.span.start.line, column: testCase.span.start.column },
    duration_ms: Math.round(result.durationMs),
  };
  if (result.failures.some((failure) => failure.kind === "compile")) return block;
  const first = result.failures.find(
    (failure) =>
      failure.kind === "stdout" ||
      failure.kind === "stderr" ||
      failure.kind === "exit-code" ||
      failure.kind === "checker",
  );
  if (first) Object.assign(block, expectedAndActual(first));
  if (result.failures.length > 1)
    block.failures = result.failures.map((failure) => ({
      message: failureHeadline(failure),
      ...expectedAndActual(failure),
    }));
  if (testCase.stdin.kind === "file") block.stdin_file = testCase.stdin.path;
  else if (testCase.stdin.text !== "") block.stdin = testCase.stdin.text;
  if (run) {
    // Outputs not already given as `actual`: a timeout's partial output, a crash's stderr.
    for (const stream of ["stdout", "stderr"] as const) {
      const text = decoder.decode(run[stream]);
      if (text !== "" && !result.failures.some((failure) => failure.kind === stream)) block[stream] = text;
    }
    if (run.status === "exited") block.exit_code = run.exitCode;
  }
  return block;
}

function expectedAndActual(failure: CaseFailure): Record<string, unknown> {
  switch (failure.kind) {
    case "stdout":
    case "stderr":
      return {
        stream: failure.kind,
        match: failure.match.kind,
        expected: failure.expected,
        actual: failure.actual,
        ...(failure.window && {
          expected_from_line: failure.window.expectedLine,
          actual_from_line: failure.window.actualLine,
        }),
      };
    case "checker":
      return { checker: failure.convention, feedback: failure.feedback };
    case "exit-code":
      return { expected: failure.expected, actual: failure.actual };
    default:
      return {};
  }
}

/** A YAML diagnostic block, indented two spaces; the yaml package quotes what needs it. */
function yamlBlock(data: Record<string, unknown>): string {
  const body = stringify(data, { lineWidth: 0 }).replace(/\n$/, "");
  return ["  ---", ...body.split("\n").map((line) => `  ${line}`), "  ...", ""].join("\n");
}

/** `#` starts a directive and `\` escapes in a TAP description; newlines would end the line. */
function description(text: string): string {
  return oneLine(text).replace(/\\/g, "\\\\").replace(/#/g, "\\#");
}

function closing(report: RunReport, count: number): string {
  const lines = [`1..${count}`, `# ${countsLine(report.summary)}`];
  const verdicts = verdictLine(report.summary);
  if (verdicts) lines.push(`# ${verdicts}`);
  for (const line of problemLines(report.summary)) lines.push(`# ${oneLine(line)}`);
  const score = scoreLine(report.summary);
  if (score) lines.push(`# ${score}`);
  return lines.join("\n") + "\n";
}
