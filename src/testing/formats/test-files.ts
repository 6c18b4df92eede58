/**
 * The simpler formats as TestFiles the runner runs, each named by its program (the runner
 * mounts the program's folder): a folder of .in/.out pairs, a cph problem, the tests of a
 * GitHub Classroom assignment that run one program.
 */
import type { CaseData, MatchMode, ParseResult, Span, TestCase, TestFile } from "../model";
import type { RuntimeNames } from "../parse";
import type { ClassroomComparison, ClassroomTest } from "./classroom";
import type { CphProblem } from "./cph";
import type { InOutCase } from "./inout";

const START: Span = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** Judges compare tokens, case-insensitively: what a folder of answers means. */
export const INOUT_MATCH: MatchMode = { kind: "tokens", caseSensitive: false, spaceChangeSensitive: false };
/** cph ignores trailing spaces and blank lines at the end: our `lines`. */
export const CPH_MATCH: MatchMode = { kind: "lines" };
/** Classroom trims the output before comparing `exact`; `included` is a substring; `regex` a search. */
export const CLASSROOM_MATCH: Record<ClassroomComparison, MatchMode> = {
  exact: { kind: "lines" },
  included: { kind: "contains" },
  regex: { kind: "regex" },
};

/** A program's path, its file name and how the summary names its problem. */
export interface ProgramRef {
  path: string;
  entry: string;
  problem: string;
}

export function inOutTestFile(program: ProgramRef, cases: InOutCase[], runtimes: RuntimeNames): ParseResult {
  return testFile(
    program,
    runtimes,
    cases.map((c) => baseCase(c.name, file(c.input), file(c.answer), INOUT_MATCH, { generatedFrom: c.input })),
  );
}

export function cphTestFile(program: ProgramRef, problem: CphProblem, runtimes: RuntimeNames): ParseResult {
  const cases = problem.tests.map((test, index) =>
    baseCase(`test ${index + 1}`, text(test.input), text(test.output), CPH_MATCH, { timeoutMs: problem.timeLimitMs }),
  );
  return testFile(program, runtimes, cases, { memoryMib: problem.memoryMib });
}

/** The tests of one program; their positions are in the Classroom file, `source`. */
export function classroomTestFile(program: ProgramRef, tests: ClassroomTest[], runtimes: RuntimeNames): ParseResult {
  const cases = tests.map((test) => {
    const span = { start: test.position, end: test.position };
    return {
      ...baseCase(
        test.name,
        text(test.input ?? ""),
        test.output === undefined ? undefined : text(test.output),
        CLASSROOM_MATCH[test.comparison],
        { timeoutMs: test.timeoutMs, points: test.points },
      ),
      span,
    };
  });
  return testFile(program, runtimes, cases);
}

function testFile(
  program: ProgramRef,
  runtimes: RuntimeNames,
  cases: TestCase[],
  extra: Partial<TestFile> = {},
): ParseResult {
  const runtime = runtimes.forFile(program.entry);
  if (!runtime)
    return {
      ok: false,
      problems: [
        {
          path: program.path,
          position: START.start,
          message: `cannot tell the runtime of "${program.entry}" from its extension`,
        },
      ],
    };
  return {
    ok: true,
    file: {
      path: program.path,
      entry: program.entry,
      entrySpan: START,
      runtime,
      label: { problem: program.problem, solution: program.entry },
      files: [],
      env: {},
      args: [],
      cases,
      generators: [],
      ...extra,
    },
  };
}

function baseCase(
  name: string,
  stdin: CaseData,
  stdout: CaseData | undefined,
  match: MatchMode,
  extra: Partial<TestCase> = {},
): TestCase {
  return {
    name,
    span: START,
    stdin,
    stdout,
    args: [],
    env: {},
    files: {},
    exitCode: 0,
    match,
    skip: false,
    only: false,
    spans: {},
    ...extra,
  };
}

function file(path: string): CaseData {
  return { kind: "file", path };
}

function text(value: string): CaseData {
  return { kind: "text", text: value };
}
