// What to say about a failed case: a one-line headline per failure (TAP and JUnit messages,
// the spec report's first line) and the details under it (diffs, patterns, outputs).
import { describeOutcome } from "../../engine";
import type { CaseFailure, CaseResult, OutputFailure } from "../model";
import type { Style } from "./ansi";
import { diffOutput } from "./diff";
import { excerpt, oneLine, showControls, WHITESPACE_LEGEND } from "./visible";
import { formatDuration } from "./words";

const EXCERPT_LINES = 20;
const decoder = new TextDecoder();

export function failureHeadline(failure: CaseFailure): string {
  switch (failure.kind) {
    case "stdout":
    case "stderr": {
      const at = failure.firstDifference
        ? ` at line ${failure.firstDifference.line}, column ${failure.firstDifference.column}`
        : "";
      if (failure.match.kind === "regex") return `${failure.kind} does not match /${showControls(failure.expected)}/`;
      if (failure.match.kind === "contains") return `${failure.kind} does not contain the expected text`;
      const difference = failure.difference;
      if (difference && (failure.match.kind === "tokens" || failure.window)) {
        const shown = (text: string) => (text === "" ? "the end of the output" : `"${oneLine(text)}"`);
        const unit = difference.unit === "byte" ? "" : `${difference.unit} `;
        return `${failure.kind}${at}: expected ${unit}${shown(difference.expected)} (line ${difference.expectedLine} of the answer), got ${shown(difference.actual)}`;
      }
      if (failure.whitespaceOnly) return `${failure.kind} differs only in whitespace${at}`;
      const within = failure.match.kind === "numeric" ? ` (numbers within ${failure.match.tolerance})` : "";
      return `${failure.kind} differs from the expected output${within}${at}`;
    }
    case "checker":
      return failure.outcome === "rejected"
        ? `the checker rejected the output${failure.message ? `: ${oneLine(failure.message)}` : ""}`
        : `the checker failed: ${oneLine(failure.message)}`;
    case "data":
      return failure.message;
    case "exit-code":
      return `expected exit code ${failure.expected}, got ${failure.actual}`;
    case "timeout": {
      const timedOut = describeOutcome({ status: "timeout", limitMs: failure.limitMs })!;
      const derived = failure.derived;
      if (!derived) return timedOut;
      const source = {
        "command line": "--time-multiplier",
        "test file": "time_multiplier",
        measured: "the runtime's measured slowdown",
      }[derived.from];
      // The native limit as written (0.05 s), not rounded as a duration is.
      return `${timedOut} (time_limit ${derived.nativeMs / 1000} s × ${derived.multiplier}, ${source})`;
    }
    case "limit":
      return describeOutcome({ status: "killed", limit: failure.limit, message: failure.message })!;
    case "compile":
      return "did not compile";
    case "crash":
      return failure.message;
  }
}

/** Every failure's headline, joined: the message of a TAP or JUnit entry. */
export function caseMessage(result: CaseResult): string {
  if (result.failures.length === 0) return result.outcome === "passed" ? "passed" : `did not pass (${result.outcome})`;
  return result.failures.map(failureHeadline).join("; ");
}

/** Lines under a failure's headline, unindented: what was expected and what came out. */
export function failureDetails(failure: CaseFailure, style: Style): string[] {
  if (failure.kind === "checker")
    return failure.feedback ? ["checker feedback:", ...indent(excerpt(failure.feedback, EXCERPT_LINES))] : [];
  if (failure.kind !== "stdout" && failure.kind !== "stderr") return [];
  const { match } = failure;
  if (failure.window) {
    // File-backed data: only the lines around the first difference were kept.
    return [
      `expected, from line ${failure.window.expectedLine} of the answer:`,
      ...indent(orEmpty(excerpt(failure.expected, EXCERPT_LINES))),
      `actual, from line ${failure.window.actualLine}:`,
      ...indent(orEmpty(excerpt(failure.actual, EXCERPT_LINES))),
    ];
  }
  if (match.kind === "tokens")
    return [
      `expected ${failure.kind}:`,
      ...indent(orEmpty(excerpt(failure.expected, EXCERPT_LINES))),
      ...actualLines(failure),
    ];
  const actual = actualLines(failure);
  if (match.kind === "regex") return actual;
  if (match.kind === "contains")
    return [`expected text:`, ...indent(orEmpty(excerpt(failure.expected, EXCERPT_LINES))), ...actual];
  const legend = failure.whitespaceOnly ? [style.dim(`(${WHITESPACE_LEGEND})`)] : [];
  return [...legend, ...diffOutput(failure.expected, failure.actual, match, failure.whitespaceOnly, style)];
}

function actualLines(failure: OutputFailure): string[] {
  return [`actual ${failure.kind}:`, ...indent(orEmpty(excerpt(failure.actual, EXCERPT_LINES)))];
}

/** What the program was given and what else it did: stdin, stderr, stdout, exit code, time. */
export function runDetails(result: CaseResult, style: Style): string[] {
  const stdin = result.testCase.stdin;
  const lines =
    stdin.kind === "file"
      ? [`stdin: the file ${oneLine(stdin.path)}`]
      : stdin.text === ""
        ? ["stdin: empty"]
        : ["stdin:", ...indent(excerpt(stdin.text, EXCERPT_LINES))];
  const run = result.run;
  if (!run) return lines;
  const diffed = new Set(result.failures.map((f) => f.kind));
  // An output already shown in a diff is not repeated; the end of it is where errors are.
  for (const stream of ["stdout", "stderr"] as const) {
    const text = decoder.decode(run[stream]);
    if (text !== "" && !diffed.has(stream)) lines.push(`${stream}:`, ...indent(excerpt(text, EXCERPT_LINES, "end")));
  }
  // How a run that did not exit ended is the failure's headline already.
  const ending = run.status === "exited" ? `exit code ${run.exitCode}` : "no exit code";
  lines.push(style.dim(`${ending}, ran ${formatDuration(run.durationMs)}`));
  return lines;
}

export function indent(lines: string[], by = "  "): string[] {
  return lines.map((line) => by + line);
}

function orEmpty(lines: string[]): string[] {
  return lines.length > 0 ? lines : ["(empty)"];
}
