// Turns a shard plan into the runner's `select`: the cases of the I-th of N shards.
import type { TestCase, TestFile } from "./model";
import { caseWeight, planShards, unitKey, type Shard, type ShardBalance } from "./shard";

export interface ShardRequest {
  shard: Shard;
  balance: ShardBalance;
  /** How a test file is named in the plan: the same on every machine (relative to where the command runs). */
  nameOf(path: string): string;
  /** The bytes of a case's data (input and expected output). */
  bytesOf(file: TestFile, testCase: TestCase): number;
}

/** The selection of one shard over every case of `files` (skipped cases too, so they show where they would run). */
export function shardSelect(files: TestFile[], request: ShardRequest): (file: TestFile, testCase: TestCase) => boolean {
  const units = files.flatMap((file) =>
    file.cases.map((testCase) => ({
      file: request.nameOf(file.path),
      name: testCase.name,
      weight: caseWeight(request.balance, request.bytesOf(file, testCase)),
    })),
  );
  const plan = planShards(units, request.shard.count);
  const mine = request.shard.index - 1;
  return (file, testCase) => plan.get(unitKey(request.nameOf(file.path), testCase.name)) === mine;
}
