/**
 * Competitive Programming Helper (cph) problems: the `.prob` JSON files the VS Code
 * extension keeps in a `.cph/` folder next to the solution, with the sample tests it
 * fetched (`tests`: `input`, `output`) and the solution's path on the author's machine
 * (`srcPath`), of which only the file name counts: the solution is next to `.cph/`.
 */
import type { TestFileProblem } from "../model";

export interface CphProblem {
  name?: string;
  /** The solution's file name, in the folder that holds `.cph/`. */
  program: string;
  timeLimitMs?: number;
  memoryMib?: number;
  tests: { input: string; output: string }[];
}

export type CphResult = { ok: true; problem: CphProblem } | { ok: false; problems: TestFileProblem[] };

export function parseCphProblem(path: string, text: string): CphResult {
  const fail = (message: string): CphResult => ({
    ok: false,
    problems: [{ path, position: { line: 1, column: 1 }, message }],
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  if (typeof data !== "object" || data === null)
    return fail("not a cph problem file: expected a JSON object with tests and srcPath");
  const record = data as Record<string, unknown>;
  if (!Array.isArray(record.tests)) return fail('not a cph problem file: no "tests" list');
  if (typeof record.srcPath !== "string" || record.srcPath === "")
    return fail('not a cph problem file: no "srcPath" naming the solution');
  if (record.interactive === true) return fail("interactive cph problems are not supported");
  const tests: CphProblem["tests"] = [];
  for (const [index, test] of record.tests.entries()) {
    const t = test as Record<string, unknown> | null;
    if (typeof t?.input !== "string" || typeof t.output !== "string")
      return fail(`test ${index + 1} needs "input" and "output" strings`);
    tests.push({ input: t.input, output: t.output });
  }
  if (tests.length === 0) return fail("the problem has no tests");
  const positive = (value: unknown) =>
    typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
  return {
    ok: true,
    problem: {
      name: typeof record.name === "string" ? record.name : undefined,
      // srcPath is the author's absolute path, Windows or POSIX.
      program: record.srcPath.split(/[\\/]/).pop()!,
      timeLimitMs: positive(record.timeLimit),
      memoryMib: positive(record.memoryLimit),
      tests,
    },
  };
}
