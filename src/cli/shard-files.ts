// `runno test --shard I/N`: every test file is read first, so that each job splits the same whole.
import type { Engine } from "../engine";
import {
  expandCases,
  type TestHost,
  type CaseData,
  type TestCase,
  type TestFile,
  parseTestFile,
  runtimeNamesOf,
  type ShardBalance,
  type Shard,
  shardSelect,
} from "../testing";

export interface ShardOptions {
  shard: Shard;
  balance: ShardBalance;
  engine: Engine;
  host: TestHost;
  nameOf(path: string): string;
}

/**
 * The runner's `select` for one shard, over the cases of the YAML files at `paths` and of
 * the test files already built from other formats. Invalid test files have no cases to
 * split: the runner reports them in every shard.
 */
export async function shardSelection(
  paths: string[],
  built: TestFile[],
  options: ShardOptions,
): Promise<(file: TestFile, testCase: TestCase) => boolean> {
  const { host } = options;
  const runtimes = runtimeNamesOf(options.engine);
  const files: TestFile[] = [];
  for (const file of [...(await Promise.all(paths.map((path) => parsed(path, host, runtimes)))), ...built]) {
    if (!file) continue;
    // Generated cases count one by one, as they run.
    const expanded = await expandCases(file, host).catch(() => undefined);
    if (expanded && expanded.problems.length === 0) files.push(expanded.file);
  }
  const bytes = new Map<TestCase, number>();
  if (options.balance === "size") {
    for (const file of files) {
      const folder = host.dirname(file.path);
      for (const testCase of file.cases)
        bytes.set(
          testCase,
          await dataBytes([testCase.stdin, testCase.stdout, testCase.stderr], (path) =>
            host.size(host.join(folder, path)),
          ),
        );
    }
  }
  return shardSelect(files, {
    shard: options.shard,
    balance: options.balance,
    nameOf: options.nameOf,
    bytesOf: (_file, testCase) => bytes.get(testCase) ?? 0,
  });
}

async function parsed(
  path: string,
  host: TestHost,
  runtimes: ReturnType<typeof runtimeNamesOf>,
): Promise<TestFile | undefined> {
  const text = await host.readText(path).catch(() => undefined);
  const result = text === undefined ? undefined : parseTestFile(path, text, runtimes);
  return result?.ok ? result.file : undefined;
}

async function dataBytes(
  data: (CaseData | undefined)[],
  sizeOf: (path: string) => Promise<number | undefined>,
): Promise<number> {
  let total = 0;
  for (const item of data) {
    if (item?.kind === "text") total += new TextEncoder().encode(item.text).length;
    else if (item?.kind === "file") total += (await sizeOf(item.path)) ?? 0;
  }
  return total;
}
