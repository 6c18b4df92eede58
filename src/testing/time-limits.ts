/**
 * How a case's time limit in the sandbox is derived. A problem's native time limit (what a
 * judge gives for native code) is multiplied by how much slower the runtime is in wasm than
 * the same language natively; `runno test --time-multiplier` or the test file's
 * `time_multiplier` replace the measured factor.
 */
import type { RuntimeName } from "../engine/api";
import { DEFAULT_LIMITS } from "../engine";
import type { TestCase, TestFile } from "./model";

/**
 * Each runtime's slowdown against the same language run natively, rounded up: the largest
 * median of the runs recorded in bench/results/slowdown.md (bench/slowdown.ts: a dependent
 * arithmetic loop in the sandbox against gcc/g++ -O2, python3, ruby, qjs built from QuickJS
 * 2021-03-27, php-cli, sqlite3). `wasi` (a program compiled to wasm elsewhere) has no native
 * source to compare with: it takes clang's factor, the cost of running compiled code as wasm.
 */
export const RUNTIME_SLOWDOWN: Record<RuntimeName, number> = {
  clang: 2,
  clangpp: 2,
  wasi: 2,
  python: 14,
  ruby: 8,
  sqlite: 3,
  quickjs: 3,
  "php-cgi": 9,
};

/** Where a case's limit came from, for the report. */
export interface TimeLimit {
  ms: number;
  /** Set when the limit is a native limit multiplied. */
  derived?: { nativeMs: number; multiplier: number; from: "command line" | "test file" | "measured" };
}

/** The sandbox's wall-clock limit of a case: its own `timeout`, the file's, a native limit multiplied, or the default. */
export function timeLimitOf(file: TestFile, testCase: TestCase | undefined, commandLineMultiplier?: number): TimeLimit {
  const own = testCase?.timeoutMs ?? file.timeoutMs;
  if (own !== undefined) return { ms: own };
  const native = file.timeLimit;
  if (!native) return { ms: DEFAULT_LIMITS.timeMs };
  const [multiplier, from] =
    commandLineMultiplier !== undefined
      ? [commandLineMultiplier, "command line" as const]
      : native.multiplier !== undefined
        ? [native.multiplier, "test file" as const]
        : [RUNTIME_SLOWDOWN[file.runtime] ?? 1, "measured" as const];
  return { ms: Math.round(native.nativeMs * multiplier), derived: { nativeMs: native.nativeMs, multiplier, from } };
}
