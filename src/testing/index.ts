/**
 * The test runner's public entry: what the front ends (CLI, extension, agent tools) and
 * library users may use. The runner gets its engine passed in (`runTestFiles(engine, ...)`).
 * The report writers are an entry of their own (`reports.ts`): their XML writer needs Node.
 */
export type * from "./model";
export { VERDICTS } from "./model";
export type { TestHost } from "./host";
export type { FormatHost } from "./formats/host";
export { parseTestFile, runtimeNamesOf, TEST_FILE_PATTERN, TEST_GLOB, type RuntimeNames } from "./parse";
export { expandCases } from "./cases";
export { runTestFiles, summarize } from "./runner";
export { normalizedLines } from "./compare";
export { parseShard, SHARD_BALANCES, type Shard, type ShardBalance } from "./shard";
export { shardSelect } from "./shard-select";
export {
  fileSources,
  findFormatSources,
  type FoundSources,
  type SourceOptions,
  type TestSource,
} from "./formats/sources";
export { testFileToYaml } from "./formats/to-yaml";
export { checkSubmissions, formatSubmissionChecks } from "./formats/kattis/submission-check";
export { oneLine } from "./reporters/visible";
export { countsLine, formatProblem, VERDICT_WORDS } from "./reporters/words";
export { failureDetails, failureHeadline, indent } from "./reporters/failure-text";
export { styleFor } from "./reporters/ansi";
