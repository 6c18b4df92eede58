/**
 * The native reference: the same program run by the machine's own python3, or compiled
 * once by gcc -O2, one process per case, in order, each fed the case's stdin. Measured in a
 * small Node process of its own: spawning from the bench's process, which by then holds
 * every runtime in memory, made each spawn 30-60 ms slower and native look slow.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inChild } from "./child";
import { checkOutput, type Suite, type SuiteLanguage } from "./suites";

const TIMEOUT_MS = 30_000;

/** A prepared native contender: `run` times compile (C) and every case, in ms. */
interface Native {
  description: string;
  run(): number;
}

export type NativeAnswer = { samples: number[]; description: string } | { unavailable: string };

/** `passes` timed passes over the suite in a child process; throws with the reason when the tool is missing. */
export async function nativeRuns(
  benchScript: string,
  language: SuiteLanguage,
  passes: number,
): Promise<{ samples: number[]; description: string }> {
  const answer = await inChild<NativeAnswer>(benchScript, "native", language, passes);
  if ("unavailable" in answer) throw new Error(answer.unavailable);
  return answer;
}

/** Runs in the child process. */
export function nativeRunsInThisProcess(suite: Suite, passes: number): NativeAnswer {
  const scratchDir = mkdtempSync(join(tmpdir(), "runno-bench-native-"));
  try {
    const native = prepareNative(suite, scratchDir);
    return { samples: Array.from({ length: passes }, () => native.run()), description: native.description };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

/** Throws with the reason when the tool is missing. */
function prepareNative(suite: Suite, scratchDir: string): Native {
  const source = join(scratchDir, suite.entry);
  writeFileSync(source, suite.source);
  return suite.language === "python"
    ? preparePython(suite, source)
    : prepareC(suite, source, join(scratchDir, "sum_sort"));
}

function preparePython(suite: Suite, source: string): Native {
  // python3 may be a version manager's shell script (pyenv here): run the interpreter it
  // resolves to, or the shim's own start-up would be counted 50 times against native.
  const found = tool("python3", ["-c", "import sys; print(sys.executable); print(sys.version.split()[0])"]);
  const [python, version] = found.trim().split("\n");
  return {
    description: `python3 = ${python} (Python ${version})`,
    run: () => {
      const start = performance.now();
      for (const testCase of suite.cases)
        checkOutput("native python3", testCase, runProcess(python, [source], testCase.stdin));
      return performance.now() - start;
    },
  };
}

function prepareC(suite: Suite, source: string, binary: string): Native {
  const version = tool("gcc", ["-dumpfullversion"]).trim();
  return {
    description: `gcc ${version} -O2, compiled once per repetition (included), then one process per case`,
    run: () => {
      const start = performance.now();
      runProcess("gcc", ["-O2", "-o", binary, source], "");
      for (const testCase of suite.cases) checkOutput("native C", testCase, runProcess(binary, [], testCase.stdin));
      return performance.now() - start;
    },
  };
}

/** The stdout of a tool that must exist; the reason when it does not. */
function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: TIMEOUT_MS });
  if (result.error) throw new Error(`${command} is not available: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr.trim()}`);
  return result.stdout;
}

function runProcess(command: string, args: string[], stdin: string): string {
  const result = spawnSync(command, args, { input: stdin, encoding: "utf8", timeout: TIMEOUT_MS });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${command} exited ${result.status ?? result.signal}: ${result.stderr.trim().slice(0, 300)}`);
  return result.stdout;
}
