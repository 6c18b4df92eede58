// The engine's RunResult as the library gives it: text output, an outcome union, the files.
import { type RunResult as EngineResult, concatBytes } from "../engine";
import type { Outcome, OutputChunk, RunResult } from "./types";

const decoder = new TextDecoder();

/** `filesAsked`: whether the run was to report files. */
export function toRunResult(result: EngineResult & { tty: OutputChunk[] }, filesAsked: boolean): RunResult {
  const outcome = outcomeOf(result);
  const changed = result.changedFiles;
  // A run stopped before the engine could ask for files (cancelled while compiling) has none to report.
  const filesLost = filesAsked && !changed && (result.status === "timeout" || result.status === "cancelled");
  return {
    outcome,
    exitCode: outcome.kind === "exited" || outcome.kind === "compile-error" ? outcome.exitCode : null,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
    tty: decoder.decode(concatBytes(result.tty.map((chunk) => chunk.data))),
    durationMs: Math.round(result.durationMs * 10) / 10,
    ...(result.compileMs !== undefined && { compileMs: Math.round(result.compileMs * 10) / 10 }),
    files: (changed?.files ?? []).map(({ path, data }) => ({ path: path.slice(1), data })),
    filesTruncated: changed?.truncated ?? false,
    filesPartial: (changed?.partial ?? false) || filesLost,
    filesLeftOut: (changed?.leftOut ?? []).map(({ path, size }) => ({ path: path.slice(1), size })),
  };
}

function outcomeOf(result: EngineResult): Outcome {
  switch (result.status) {
    case "exited":
      return { kind: "exited", exitCode: result.exitCode };
    case "compile-failed":
      return { kind: "compile-error", exitCode: result.exitCode };
    case "timeout":
      return { kind: "timeout", limitSeconds: result.limitMs / 1000 };
    case "killed":
      return { kind: "limit", limit: result.limit, message: result.message };
    case "cancelled":
      return { kind: "cancelled" };
    case "crashed":
      return { kind: "crashed", source: result.source, message: result.message };
  }
}
