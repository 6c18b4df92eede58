// What `runno test PATHS` runs: YAML test files, and the other formats found in place.
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  fileSources,
  findFormatSources,
  type FoundSources,
  type SourceOptions,
  type RuntimeNames,
  TEST_FILE_PATTERN,
} from "../testing";
import { MountError } from "./host-files";
import { nodeFormatHost } from "./node-format-host";
import { findTestFiles } from "./node-test-host";
import { UsageError } from "./usage";

export interface Sources extends FoundSources {
  /** YAML test files, read by the runner itself. */
  yaml: string[];
}

export async function findSources(
  paths: string[],
  cwd: string,
  runtimes: RuntimeNames,
  options: SourceOptions,
): Promise<Sources> {
  const all: Sources = { yaml: [], sources: [], submissions: [], notRun: [] };
  const judging = options.solution !== undefined || options.submissions;
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new MountError(`no such file or folder: ${path}`);
    let found: FoundSources | undefined;
    if (info.isDirectory()) {
      found = await findFormatSources(absolute, nodeFormatHost, runtimes, options);
      if (!judging) all.yaml.push(...(await findTestFiles([absolute], cwd)));
    } else if (!TEST_FILE_PATTERN.test(absolute))
      found = await fileSources(absolute, nodeFormatHost, runtimes, options);
    if (found) {
      all.sources.push(...found.sources);
      all.submissions.push(...found.submissions);
      all.notRun.push(...found.notRun);
    } else if (judging)
      throw new UsageError(
        `${path}: --solution and --submissions take problem package folders (or folders of .in/.out tests)`,
      );
    else all.yaml.push(absolute);
  }
  if (judging && all.sources.length === 0) {
    throw new UsageError(
      `no problem package${options.solution !== undefined ? " or folder of .in/.out tests" : ""} under ${paths.join(" ")}`,
    );
  }
  all.yaml = [...new Set(all.yaml)].sort();
  return all;
}
