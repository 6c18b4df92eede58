// The runner in the tests: run test files on an engine as `runno test` does, and write them first.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { NodeTestHost } from "../src/cli/node-test-host";
import type { Engine } from "../src/engine/api";
import { runTestFiles, type RunnerOptions } from "../src/testing/runner";

/** Runs test files on `engine`, two cases at a time, with the CLI's file access. */
export const runnerOn =
  (engine: Engine) =>
  (paths: string[], options: Partial<RunnerOptions> = {}) =>
    runTestFiles(paths, { engine, host: new NodeTestHost(), jobs: 2, ...options });

/** Writes a folder of files (nested paths allowed) and returns the path of its `*.runno.yaml`. */
export function writeTestFolder(dir: string, files: Record<string, string | Buffer>): string {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return join(
    dir,
    Object.keys(files).find((f) => f.endsWith(".runno.yaml"))!,
  );
}
