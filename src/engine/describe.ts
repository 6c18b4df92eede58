// Words for how a run ended, shared by the CLI, the test runner and the extension.
import type { RunOutcome } from "./api";

/** One line for every ending that is not a plain exit (for which it returns undefined). */
export function describeOutcome(outcome: RunOutcome): string | undefined {
  switch (outcome.status) {
    case "exited":
      return undefined;
    case "compile-failed":
      return `compilation failed (exit code ${outcome.exitCode})`;
    case "timeout":
      return `timed out after ${formatSeconds(outcome.limitMs)}`;
    case "killed":
      return `stopped: ${outcome.message}`;
    case "cancelled":
      return "stopped: cancelled";
    case "crashed":
      return outcome.source === "program" ? `the program crashed: ${outcome.message}` : outcome.message;
  }
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
