// `runno test --shard I/N`: every test file is read first, so that each job splits the same whole.
import type { Engine } from "../engine/api";
import type { TestHost } from "../testing/host";
import { expandCases } from "../testing/cases";
import type { CaseData, TestCase, TestFile } from "../testing/model";
import { parseTestFile, runtimeNamesOf } from "../testing/parse";
import type { ShardBalance, Shard } from "../testing/shard";
import { shardSelect } from "../testing/shard-select";

export interface ShardOptions {
  shard: Shard;
  balance: ShardBalance;
  engine: Engine;
  host: TestHost;
  nameOf(path: string): string;
}

/** The runner's `select` for one shard. Invalid test files have no cases to split: the runner reports them in every shard. */
export async function shardSelection(paths: string[], options: ShardOptions): Promise<(file: TestFile, testCase: TestCase) => boolean> {
  const runtimes = runtimeNamesOf(options.engine);
  const files: TestFile[] = [];
  const sizes = new Map<string, number>();
  for (const path of paths) {
    const text = await options.host.readText(path).catch(() => undefined);
    const parsed = text === undefined ? undefined : parseTestFile(path, text, runtimes);
    if (!parsed?.ok) continue;
    // Generated cases are split like written ones; a file that does not expand runs nowhere but is reported invalid.
    const expanded = await expandCases(parsed.file, options.host).catch(() => undefined);
    if (!expanded || expanded.problems.length > 0) continue;
    files.push(expanded.file);
    const folder = options.host.dirname(path);
    for (const testCase of expanded.file.cases) {
      for (const data of [testCase.stdin, testCase.stdout, testCase.stderr]) {
        if (data?.kind !== "file") continue;
        const host = options.host.join(folder, data.path);
        if (!sizes.has(host)) sizes.set(host, (await options.host.size(host)) ?? 0);
      }
    }
  }
  const bytesOf = (file: TestFile, testCase: TestCase) => {
    const folder = options.host.dirname(file.path);
    const size = (data: CaseData | undefined) =>
      data === undefined ? 0 : data.kind === "text" ? Buffer.byteLength(data.text) : (sizes.get(options.host.join(folder, data.path)) ?? 0);
    return size(testCase.stdin) + size(testCase.stdout) + size(testCase.stderr);
  };
  return shardSelect(files, { shard: options.shard, balance: options.balance, nameOf: options.nameOf, bytesOf });
}
