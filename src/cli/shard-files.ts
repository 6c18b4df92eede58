// `runno test --shard I/N`: every test file is read first, so that each job splits the same whole.
import type { Engine } from "../engine/api";
import type { TestHost } from "../testing/host";
import type { TestCase, TestFile } from "../testing/model";
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
  for (const path of paths) {
    const text = await options.host.readText(path).catch(() => undefined);
    const parsed = text === undefined ? undefined : parseTestFile(path, text, runtimes);
    if (parsed?.ok) files.push(parsed.file);
  }
  return shardSelect(files, { shard: options.shard, balance: options.balance, nameOf: options.nameOf, bytesOf: inlineBytes });
}

function inlineBytes(_file: TestFile, testCase: TestCase): number {
  return Buffer.byteLength(testCase.stdin) + Buffer.byteLength(testCase.stdout ?? "") + Buffer.byteLength(testCase.stderr ?? "");
}
