// Runs programs from fixtures/ the way `runno run` does: the folder at /, the entry in it.
import { join } from "node:path";
import type { FileMap, RunRequest, RunResult } from "../src/engine/api";
import type { SandboxEngine } from "../src/engine/host";
import { mountDirectory } from "../src/cli/host-files";
import { bytes, REPO } from "./helpers";

export const FIXTURES = join(REPO, "fixtures");

export async function fixtureFiles(folder: string): Promise<FileMap> {
  const files: FileMap = new Map();
  await mountDirectory(files, join(FIXTURES, folder), "/");
  return files;
}

export async function runFixture(
  engine: SandboxEngine,
  runtime: RunRequest["runtime"],
  file: string,
  options: { input?: string; folder?: string } & Partial<RunRequest> = {},
): Promise<RunResult> {
  const { input, folder = runtime, ...rest } = options;
  return engine.run({
    runtime,
    entry: `/${file}`,
    cwd: "/",
    files: await fixtureFiles(folder),
    stdin: input === undefined ? undefined : { kind: "bytes", data: bytes(input) },
    ...rest,
  });
}
