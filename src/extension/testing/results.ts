// A case's result as Test Explorer messages: diffs placed on the expectation in the YAML file.
import * as vscode from "vscode";
import { type CaseFailure, type CaseResult, normalizedLines, failureHeadline, VERDICT_WORDS } from "../../testing";
import { toRange } from "../convert";

export function reportCase(run: vscode.TestRun, item: vscode.TestItem, uri: vscode.Uri, result: CaseResult): void {
  switch (result.outcome) {
    case "passed":
      return run.passed(item, result.durationMs);
    case "skipped":
      return run.skipped(item);
    case "timeout":
    case "limit":
    case "error":
      // Distinct from a wrong answer: the program did not get to finish.
      return run.errored(
        item,
        result.failures.map((f) => message(f, uri, result)),
        result.durationMs,
      );
    case "failed":
      return run.failed(
        item,
        result.failures.map((f) => message(f, uri, result)),
        result.durationMs,
      );
  }
}

function message(failure: CaseFailure, uri: vscode.Uri, result: CaseResult): vscode.TestMessage {
  const { testCase } = result;
  // The verdict as judges name it, first: "Wrong answer: stdout at line 3 ...".
  const verdict = VERDICT_WORDS[result.verdict];
  let text = `${verdict[0].toUpperCase()}${verdict.slice(1)}: ${failureHeadline(failure)}`;
  let msg: vscode.TestMessage;
  if (
    (failure.kind === "stdout" || failure.kind === "stderr") &&
    failure.match.kind !== "regex" &&
    failure.match.kind !== "contains"
  ) {
    if (failure.whitespaceOnly) text += " (spaces, tabs or line endings)";
    // Compare what the match compares: in `lines` mode a trailing newline is no difference.
    const shown = (output: string) => (failure.match.kind === "exact" ? output : normalizedLines(output).join("\n"));
    msg = vscode.TestMessage.diff(text, shown(failure.expected), shown(failure.actual));
  } else if (failure.kind === "stdout" || failure.kind === "stderr") {
    msg = new vscode.TestMessage(`${text}\n\nactual ${failure.kind}:\n${failure.actual}`);
  } else if (failure.kind === "checker") {
    msg = new vscode.TestMessage(failure.feedback ? `${text}\n\nchecker feedback:\n${failure.feedback}` : text);
  } else if (failure.kind === "compile") {
    msg = new vscode.TestMessage(`The program did not compile:\n\n${failure.message}`);
  } else if (failure.kind === "exit-code") {
    const stderr = new TextDecoder().decode(result.run?.stderr ?? new Uint8Array());
    msg = new vscode.TestMessage(stderr ? `${text}\n\nstderr:\n${stderr}` : text);
  } else {
    msg = new vscode.TestMessage(text);
  }
  const span =
    failure.kind === "stdout" || failure.kind === "stderr"
      ? testCase.spans[failure.kind]
      : failure.kind === "exit-code"
        ? testCase.spans.exitCode
        : undefined;
  msg.location = new vscode.Location(uri, toRange(span ?? testCase.span));
  return msg;
}
