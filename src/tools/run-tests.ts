/**
 * The `run_tests` tool (MCP) and `runno_runTests` (VS Code): the test runner of `runno test`
 * on a test file made from the tool's input, held in memory, so cases are checked, compared
 * and reported exactly as `runno test` does (C/C++ compiled once, cases in parallel).
 */
import { stringify } from "yaml";
import type { Engine, FileMap } from "../engine";
import {
  type TestHost,
  type CaseResult,
  styleFor,
  failureDetails,
  failureHeadline,
  indent,
  formatProblem,
  runTestFiles,
} from "../testing";
import { errorReport, type ToolReport } from "./report";
import { DEFAULT_TIMEOUT_S, type RunTestsInput } from "./schemas";

const TEST_FILE = "/tests.runno.yaml";
const plain = styleFor(false);
const encoder = new TextEncoder();

export async function runTestsTool(
  engine: Engine,
  input: RunTestsInput,
  jobs: number,
  signal?: AbortSignal,
): Promise<ToolReport> {
  const info = engine.runtimes().find((r) => r.name === input.runtime);
  if (!info) return errorReport(`unknown runtime "${input.runtime}"`);
  const entry = `main${info.extensions[0] ?? ""}`;
  const names = input.tests.map((test, i) => test.name ?? `case ${i + 1}`);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) return errorReport(`invalid tests: two cases are named "${duplicate}"; give each its own name`);
  const yaml = stringify({
    entry,
    runtime: input.runtime,
    timeout: input.timeout ?? DEFAULT_TIMEOUT_S,
    tests: input.tests.map((test, i) => ({
      name: names[i],
      stdin: test.stdin ?? "",
      stdout: test.stdout,
      ...(test.match && { match: test.match }),
    })),
  });
  const files: FileMap = new Map([[`/${entry}`, encoder.encode(input.code)]]);
  const report = await runTestFiles([TEST_FILE], { engine, host: memoryHost(yaml, files), jobs, signal });
  const file = report.files[0];
  if (!file || file.problems.length > 0)
    return errorReport(`invalid tests: ${file?.problems.map(formatProblem).join("; ")}`);

  const { passed, failed } = report.summary;
  const lines = [`${passed} of ${file.cases.length} cases passed${failed > 0 ? `, ${failed} did not` : ""}.`];
  if (file.compileError !== undefined)
    lines.push("The program did not compile:", ...indent(file.compileError.split("\n")));
  for (const result of file.cases) lines.push(...caseLines(result, file.compileError !== undefined));
  return {
    isError: false,
    text: lines.join("\n"),
    files: [],
    structured: {
      passed,
      failed,
      cases: file.cases.map((c) => ({
        name: c.testCase.name,
        verdict: c.outcome,
        failures: c.failures.map(failureHeadline),
      })),
    },
  };
}

function caseLines(result: CaseResult, compileFailed: boolean): string[] {
  const name = result.testCase.name;
  if (result.outcome === "passed") return [`PASSED ${name}`];
  if (compileFailed) return [`FAILED ${name}: did not compile`];
  const lines = [`${result.outcome.toUpperCase()} ${name}: ${result.failures.map(failureHeadline).join("; ")}`];
  for (const failure of result.failures) lines.push(...indent(failureDetails(failure, plain)));
  return lines;
}

/** The test file and the program, in memory: nothing is read from a disk. */
function memoryHost(yaml: string, files: FileMap): TestHost {
  const all = new Map(files).set(TEST_FILE, encoder.encode(yaml));
  return {
    readText: async () => yaml,
    dirname: () => "/",
    join: (folder, relative) => `${folder.replace(/\/$/, "")}/${relative}`,
    mountFolder: async () => new Map(files),
    mountPatterns: async () => new Map(),
    glob: async () => [],
    size: async (path) => all.get(path)?.length,
    read: async function* (path) {
      const data = all.get(path);
      if (!data) throw new Error(`no file ${path}`);
      yield data;
    },
  };
}
