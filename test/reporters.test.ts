// The reporters of `runno test`, fed results built by hand: what a person, a TAP consumer,
// a CI's JUnit loader and a JSON consumer each get.
import assert from "node:assert/strict";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parse as parseYaml } from "yaml";
import type { RunOutcome, RunResult } from "../src/engine/api";
import { evaluate } from "../src/testing/evaluate";
import type { CaseResult, FileResult, TestCase, TestFile } from "../src/testing/model";
import { jsonReporter } from "../src/testing/reporters/json";
import { junitReporter } from "../src/testing/reporters/junit";
import { createReporter, REPORTER_NAMES, type Reporter, type ReporterName } from "../src/testing/reporters/reporter";
import { specReporter } from "../src/testing/reporters/spec";
import { tapReporter } from "../src/testing/reporters/tap";
import { summarize, type RunReport } from "../src/testing/runner";

// --- A small factory of results ---------------------------------------------------------

const encoder = new TextEncoder();
let nextLine = 1;

type CaseFields = Partial<Omit<TestCase, "stdin" | "stdout" | "stderr">> & {
  stdin?: string;
  stdout?: string;
  stderr?: string;
};

/** A case; texts given as strings are the YAML's inline text. */
function makeCase(name: string, fields: CaseFields = {}): TestCase {
  const line = (nextLine += 4);
  const span = { start: { line, column: 5 }, end: { line: line + 3, column: 1 } };
  const { stdin, stdout, stderr, ...rest } = fields;
  const text = (value: string | undefined) =>
    value === undefined ? undefined : { kind: "text" as const, text: value };
  return {
    name,
    span,
    stdin: text(stdin) ?? { kind: "text", text: "" },
    stdout: text(stdout),
    stderr: text(stderr),
    args: [],
    env: {},
    files: {},
    exitCode: 0,
    match: { kind: "lines" },
    skip: false,
    only: false,
    spans: {},
    ...rest,
  };
}

function makeFile(path: string, cases: TestCase[]): TestFile {
  const entrySpan = { start: { line: 1, column: 8 }, end: { line: 1, column: 15 } };
  return { path, entry: "main.py", entrySpan, runtime: "python", files: [], env: {}, args: [], cases, generators: [] };
}

function exited(stdout: string, exitCode = 0, stderr = "", durationMs = 12): RunResult {
  return { status: "exited", exitCode, stdout: encoder.encode(stdout), stderr: encoder.encode(stderr), durationMs };
}

function ended(outcome: RunOutcome, stdout = "", durationMs = 2003): RunResult {
  return { ...outcome, stdout: encoder.encode(stdout), stderr: new Uint8Array(), durationMs };
}

/** A case's result as the runner makes it: the real evaluation of a made-up run. */
function ran(testCase: TestCase, run: RunResult): (file: TestFile) => CaseResult {
  return (file) => ({ file, testCase, ...evaluate(testCase, run), run, durationMs: run.durationMs });
}

function skipped(testCase: TestCase): (file: TestFile) => CaseResult {
  return (file) => ({ file, testCase, outcome: "skipped", verdict: "skipped", failures: [], durationMs: 0 });
}

function fileResult(path: string, cases: ((file: TestFile) => CaseResult)[], compileError?: string): FileResult {
  const results: CaseResult[] = [];
  const file = makeFile(path, []);
  for (const make of cases) {
    const result = make(file);
    file.cases.push(result.testCase);
    results.push(result);
  }
  return { path, file, problems: [], cases: results, compileError };
}

function invalidFile(path: string): FileResult {
  return {
    path,
    problems: [{ path, position: { line: 3, column: 5 }, message: 'unknown key "stdot" (did you mean "stdout"?)' }],
    cases: [],
  };
}

function reportOf(files: FileResult[]): RunReport {
  return { files, summary: summarize(files, 3200) };
}

/** What the CLI does: each file as it finishes (a copy, as the CLI relativises paths), then the end. */
function render(reporter: Reporter, report: RunReport): { progress: string[]; output: string } {
  const progress = report.files.map((file) => reporter.fileFinished({ ...file }));
  const output = progress.join("") + reporter.end({ ...report, files: report.files.map((file) => ({ ...file })) });
  return { progress, output };
}

// --- The scenario: one file of every kind of case, an invalid file, a compile error ------

const CALC = "tests/calc.runno.yaml";
const BROKEN = "tests/broken.runno.yaml";
const COMPILED = "tests/hello-c.runno.yaml";
const COMPILER_OUTPUT = "main.c:3:14: error: expected ';' after expression\n1 error generated.\n";
const LONG_STDIN = Array.from({ length: 50 }, (_, i) => `input line ${i + 1}`).join("\n") + "\n";

const scenario = () =>
  reportOf([
    fileResult(CALC, [
      ran(makeCase("adds", { stdin: "2 3\n", stdout: "5\n", points: 3 }), exited("5\n")),
      ran(
        makeCase("multiplies", { stdin: "2 3\n3 4\n", stdout: "6\n12\n", points: 4 }),
        exited("6\n13\n", 0, "warning: rounding\n", 15),
      ),
      ran(makeCase("trailing space", { stdout: "hello\n", match: { kind: "exact" } }), exited("hello \n")),
      ran(makeCase("final newline", { stdout: "hello\n", match: { kind: "exact" } }), exited("hello")),
      ran(makeCase("line endings", { stdout: "a\nb\n", match: { kind: "exact" } }), exited("a\r\nb\r\n")),
      ran(
        makeCase("exit status", { stdout: "ok\n", points: 3 }),
        exited("ok\n", 1, "Traceback (most recent call last):\nValueError: bad input\n"),
      ),
      ran(makeCase("slow", { stdin: LONG_STDIN }), ended({ status: "timeout", limitMs: 2000 }, "partial\n")),
      ran(
        makeCase("chatty"),
        ended({ status: "killed", limit: "output", message: "output limit of 1 MiB reached" }, "y\ny\n", 40),
      ),
      ran(makeCase("traps"), ended({ status: "crashed", source: "program", message: "unreachable executed" }, "", 3)),
      skipped(makeCase("later", { skip: true, stdout: "x\n" })),
      ran(makeCase("a number", { stdout: "^\\d+$", match: { kind: "regex" } }), exited("abc\n")),
      ran(makeCase("colours", { stdout: "ok\n" }), exited("\x1b[31mred\x1b[0m\x00end ]]> and ]]> again\n")),
    ]),
    invalidFile(BROKEN),
    fileResult(
      COMPILED,
      ["first", "second"].map((name) => (file: TestFile): CaseResult => {
        const testCase = makeCase(name, { stdout: "hi\n" });
        return {
          file,
          testCase,
          outcome: "failed",
          verdict: "compile_error",
          failures: [{ kind: "compile", message: COMPILER_OUTPUT }],
          durationMs: 0,
        };
      }),
      COMPILER_OUTPUT,
    ),
  ]);

const count = (text: string, part: string) => text.split(part).length - 1;

/** A TAP failure's YAML block, as the tap reporter writes it. */
interface TapDiagnostic {
  message: string;
  severity?: string;
  expected?: unknown;
  actual?: unknown;
  stdin?: string;
  stderr?: string;
  problems?: string[];
}

/** JUnit XML as fast-xml-parser reads it: attributes as strings, element text under "#text". */
interface JunitElement {
  message: string;
  type: string;
  "#text": string;
}
interface JunitCase {
  name: string;
  classname: string;
  time: string;
  failure?: JunitElement;
  error?: JunitElement;
  skipped?: string;
  "system-out"?: string;
  "system-err"?: string;
}
interface JunitSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase: JunitCase[];
}

describe("reporters", () => {
  it("are created by name", () => {
    assert.deepEqual([...REPORTER_NAMES], ["spec", "tap", "junit", "json"]);
    const byModule: Record<ReporterName, Reporter> = {
      spec: specReporter({ color: false }),
      tap: tapReporter(),
      junit: junitReporter(),
      json: jsonReporter(),
    };
    const report = scenario();
    const outputs = REPORTER_NAMES.map((name) => {
      const output = render(createReporter(name, { color: false }), report).output;
      assert.equal(output, render(byModule[name], report).output, `${name} is not the ${name} reporter`);
      return output;
    });
    assert.equal(new Set(outputs).size, REPORTER_NAMES.length, "two names give the same report");
  });

  describe("spec", () => {
    const { progress, output } = render(createReporter("spec", { color: false }), scenario());

    it("prints each file as it finishes, and not again at the end", () => {
      // One progress text per file, in order, each headed by its own file, none repeated in the end's text.
      assert.deepEqual(
        progress.map((text) => text.split("\n")[0]),
        [CALC, BROKEN, COMPILED],
      );
      for (const path of [CALC, BROKEN, COMPILED]) assert.equal(count(output, `${path}\n`), 1, path);
      assert.match(output, /✓ adds \(12 ms\)/);
      assert.match(output, /- later \(skipped\)/);
    });

    it("shows a line diff with the first difference and the stdin", () => {
      assert.match(output, /✗ multiplies: wrong answer \(15 ms\)/);
      assert.match(output, /stdout differs from the expected output at line 2, column 2/);
      assert.match(output, /^ +- expected$/m);
      assert.match(output, /^ +\+ actual$/m);
      assert.match(output, /^ +- 12$/m);
      assert.match(output, /^ +\+ 13$/m);
      assert.match(output, /^ +stdin:\n +2 3\n +3 4$/m);
      assert.match(output, /warning: rounding/);
      assert.match(output, /exit code 0, ran 15 ms/);
    });

    it("makes whitespace visible when only whitespace differs", () => {
      assert.match(output, /stdout differs only in whitespace at line 1, column 6/);
      assert.match(output, /· space, → tab, ␍ carriage return, ⏎ end of line/);
      assert.match(output, /^ +- hello⏎$/m);
      assert.match(output, /^ +\+ hello·⏎$/m);
      assert.match(output, /^ +\+ hello$/m, "the line without a final newline has no ⏎");
      assert.match(output, /\(no newline at the end of the actual output\)/);
      assert.match(output, /^ +\+ a␍⏎$/m);
      assert.match(output, /^ +- a⏎$/m);
    });

    it("says what went wrong for exit codes, timeouts, limits, crashes and patterns", () => {
      assert.match(output, /expected exit code 0, got 1/);
      assert.match(output, /ValueError: bad input/);
      assert.match(output, /⏱ slow: time limit exceeded \(2\.0 s\)\n +timed out after 2 s/);
      assert.match(output, /stopped: output limit of 1 MiB reached/);
      assert.match(output, /✗ traps: run-time error .*\n +the program crashed: unreachable executed/);
      assert.match(output, /stdout does not match \/\^\\d\+\$\/\n +actual stdout:\n +abc/);
    });

    it("cuts a long stdin to its first lines, with a note", () => {
      assert.match(output, /input line 20\n +… 30 more lines/);
      assert.doesNotMatch(output, /input line 21/);
    });

    it("reports a compile error once for the file, and invalid files as path:line:column", () => {
      assert.equal(count(output, "expected ';' after expression"), 1);
      assert.match(output, /the program did not compile:\n +main\.c:3:14: error/);
      assert.match(output, /✗ first: compile error\n +✗ second: compile error/);
      assert.match(output, /tests\/broken\.runno\.yaml:3:5: unknown key "stdot"/);
    });

    it("ends with the totals, the score and the line CI reads", () => {
      const lines = output.trimEnd().split("\n");
      assert.match(output, /1 passing, 12 failing, 1 skipped, 1 invalid test file \(3\.2 s\)/);
      assert.equal(lines.at(-2), "Score: 3/10");
      assert.equal(lines.at(-1), "1 passed, 12 failed, 1 skipped");
      assert.ok(output.endsWith("\n"));
    });

    it("has no ANSI codes without colour, even from the program's output, and some with it", () => {
      assert.doesNotMatch(output, /\x1b/);
      assert.match(output, /␛\[31mred␛\[0m␀end/);
      const colored = render(createReporter("spec", { color: true }), scenario()).output;
      assert.match(colored, /\x1b\[31m- 12\x1b\[39m/);
      assert.match(colored, /\x1b\[32m✓\x1b\[39m adds/);
      assert.equal(colored.trimEnd().split("\n").at(-1), "1 passed, 12 failed, 1 skipped");
    });

    it("leaves out `skipped` from the last line when nothing was skipped", () => {
      const report = reportOf([fileResult(CALC, [ran(makeCase("adds", { stdout: "5\n" }), exited("5\n"))])]);
      const text = createReporter("spec", { color: false }).end(report);
      assert.equal(text.trimEnd().split("\n").at(-1), "1 passed, 0 failed");
      assert.match(
        text,
        /^tests\/calc\.runno\.yaml\n +✓ adds/,
        "files not printed as they finished are printed at the end",
      );
      assert.doesNotMatch(text, /Score/);
    });

    it("collapses long unchanged stretches of a diff", () => {
      const lines = Array.from({ length: 40 }, (_, i) => `row ${i + 1}`);
      const expected = lines.join("\n") + "\n";
      const actual = lines.map((line, i) => (i === 19 ? "row twenty" : line)).join("\n") + "\n";
      const report = reportOf([fileResult(CALC, [ran(makeCase("rows", { stdout: expected }), exited(actual))])]);
      const text = createReporter("spec", { color: false }).end(report);
      assert.match(text, /…\n +row 17\n +row 18\n +row 19\n +- row 20\n +\+ row twenty\n +row 21/);
      assert.doesNotMatch(text, /row 16\n/);
      assert.equal(count(text, "  …"), 2);
    });

    it("diffs as the match mode compares: numbers within tolerance, whitespace inside lines", () => {
      const numeric = makeCase("close enough", { stdout: "1.0\n2.0\n", match: { kind: "numeric", tolerance: 0.01 } });
      const spaced = makeCase("spacing", { stdout: "1 2\n" });
      const contains = makeCase("greets", { stdout: "Hello", match: { kind: "contains" } });
      const report = reportOf([
        fileResult(CALC, [
          ran(numeric, exited("1.001\n3\n")),
          ran(spaced, exited("1\t 2\n")),
          ran(contains, exited("Bye\n")),
        ]),
      ]);
      const text = createReporter("spec", { color: false }).end(report);
      assert.match(
        text,
        /\(numbers within 0\.01\) at line 2, column 1\n +- expected\n +\+ actual\n +1\.001\n +- 2\.0\n +\+ 3\n/,
      );
      assert.match(
        text,
        /stdout differs only in whitespace at line 1, column 2\n.*\n +- expected\n +\+ actual\n +- 1·2\n +\+ 1→·2\n/,
      );
      assert.match(
        text,
        /stdout does not contain the expected text\n +expected text:\n +Hello\n +actual stdout:\n +Bye\n/,
      );
    });

    it("keeps the diff of two large, unrelated outputs short and quick", () => {
      const expected = Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join("\n");
      const actual = Array.from({ length: 100_000 }, (_, i) => `other ${i}`).join("\n");
      const report = reportOf([fileResult(CALC, [ran(makeCase("big", { stdout: expected }), exited(actual))])]);
      const started = Date.now();
      const text = createReporter("spec", { color: false }).end(report);
      assert.ok(Date.now() - started < 2000, "diffing gives up early");
      assert.ok(text.split("\n").length < 100);
      assert.match(text, /- line 0\n/);
      assert.match(text, /\+ other 0\n/);
    });
  });

  describe("tap", () => {
    const { progress, output } = render(createReporter("tap", { color: false }), scenario());
    const points = output.split("\n").filter((line) => /^(not )?ok \d+ /.test(line));

    /** The YAML block right under a test point, parsed back. */
    function diagnosticOf(title: string): TapDiagnostic {
      const lines = output.split("\n");
      const at = lines.findIndex((line) => line.endsWith(` - ${title}`));
      assert.ok(at >= 0, `no test point ${title}`);
      assert.equal(lines[at + 1], "  ---");
      const end = lines.indexOf("  ...", at);
      return parseYaml(
        lines
          .slice(at + 2, end)
          .map((line) => line.slice(2))
          .join("\n"),
      );
    }

    it("starts with the version, numbers points across files and ends with the plan", () => {
      assert.ok(output.startsWith("TAP version 13\n"));
      assert.equal(count(output, "TAP version 13"), 1);
      assert.match(progress[1], /^not ok 13 - tests\/broken\.runno\.yaml \(invalid test file\)$/m);
      assert.deepEqual(
        points.map((line) => Number(/ok (\d+)/.exec(line)![1])),
        Array.from({ length: 15 }, (_, i) => i + 1),
      );
      assert.match(
        output,
        /\n1\.\.15\n# 1 passed, 12 failed, 1 skipped\n# 1 accepted, 6 wrong answer, 1 time limit exceeded, 1 output limit exceeded, 2 run-time error, 2 compile error\n# tests\/calc\.runno\.yaml › main\.py: wrong answer \(1\/11 cases, 3\/10 points\)\n# tests\/hello-c\.runno\.yaml › main\.py: compile error \(0\/2 cases\)\n# Score: 3\/10\n$/,
      );
    });

    it("marks passes, failures and skips", () => {
      assert.ok(points.includes(`ok 1 - ${CALC} › adds`));
      assert.ok(points.includes(`not ok 2 - ${CALC} › multiplies`));
      assert.ok(points.includes(`ok 10 - ${CALC} › later # SKIP`));
    });

    it("gives each failure a YAML block that parses back to the exact outputs", () => {
      const diff = diagnosticOf(`${CALC} › multiplies`);
      assert.equal(diff.message, "stdout differs from the expected output at line 2, column 2");
      assert.equal(diff.severity, "fail");
      assert.equal(diff.expected, "6\n12\n");
      assert.equal(diff.actual, "6\n13\n");
      assert.equal(diff.stdin, "2 3\n3 4\n");
      assert.equal(diff.stderr, "warning: rounding\n");
      assert.equal(diagnosticOf(`${CALC} › trailing space`).actual, "hello \n");
      assert.equal(diagnosticOf(`${CALC} › final newline`).actual, "hello");
      assert.equal(diagnosticOf(`${CALC} › line endings`).actual, "a\r\nb\r\n");
      assert.equal(diagnosticOf(`${CALC} › colours`).actual, "\x1b[31mred\x1b[0m\x00end ]]> and ]]> again\n");
      const exit = diagnosticOf(`${CALC} › exit status`);
      assert.deepEqual([exit.message, exit.expected, exit.actual], ["expected exit code 0, got 1", 0, 1]);
      assert.equal(diagnosticOf(`${CALC} › slow`).message, "timed out after 2 s");
      assert.deepEqual(diagnosticOf(`${BROKEN} (invalid test file)`).problems, [
        `${BROKEN}:3:5: unknown key "stdot" (did you mean "stdout"?)`,
      ]);
    });

    it("shows a compile error once, as a comment, and escapes # in names", () => {
      assert.equal(count(output, "expected ';' after expression"), 1);
      assert.match(output, /^# tests\/hello-c\.runno\.yaml: the program did not compile\n# {3}main\.c:3:14/m);
      assert.equal(diagnosticOf(`${COMPILED} › first`).message, "did not compile");
      const report = reportOf([fileResult(CALC, [ran(makeCase("case #1"), exited(""))])]);
      assert.match(
        createReporter("tap", { color: false }).end(report),
        /^ok 1 - tests\/calc\.runno\.yaml › case \\#1$/m,
      );
    });

    it("prints everything at the end when no file was reported as it finished", () => {
      const text = createReporter("tap", { color: false }).end(scenario());
      assert.ok(text.startsWith("TAP version 13\nok 1 - "));
      assert.match(text, /^1\.\.15$/m);
    });
  });

  describe("junit", () => {
    const { progress, output } = render(createReporter("junit", { color: false }), scenario());
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "",
      isArray: (name) => name === "testsuite" || name === "testcase",
    });
    const xml = parser.parse(output);
    const suites: JunitSuite[] = xml.testsuites.testsuite;
    const caseNamed = (name: string) => suites[0].testcase.find((c) => c.name === name)!;

    it("prints nothing until the end, then well-formed XML", () => {
      assert.deepEqual(progress, ["", "", ""]);
      assert.equal(XMLValidator.validate(output), true);
      assert.doesNotMatch(output, /[\x00-\x08\x1b]/);
    });

    it("has a suite per file with the counts CI shows", () => {
      assert.deepEqual(
        suites.map((s) => s.name),
        [CALC, BROKEN, COMPILED],
      );
      const calc = suites[0];
      assert.deepEqual([calc.tests, calc.failures, calc.errors, calc.skipped].map(Number), [12, 7, 3, 1]);
      assert.deepEqual(suites[0].testcase.map((c) => c.name).slice(0, 3), ["adds", "multiplies", "trailing space"]);
      assert.equal(xml.testsuites.tests, "15");
    });

    it("puts the diff in <failure> and the run's end in <error>", () => {
      const multiplies = caseNamed("multiplies");
      assert.equal(multiplies.classname, CALC);
      assert.equal(multiplies.time, "0.015");
      assert.equal(multiplies.failure?.message, "stdout differs from the expected output at line 2, column 2");
      assert.equal(multiplies.failure?.type, "wrong_answer");
      assert.match(multiplies.failure?.["#text"] ?? "", /- 12\n {2}\+ 13/);
      assert.equal(caseNamed("slow").error?.message, "timed out after 2 s");
      assert.equal(caseNamed("chatty").error?.message, "stopped: output limit of 1 MiB reached");
      assert.equal(caseNamed("traps").error?.type, "run_time_error");
      assert.equal(caseNamed("later").skipped, "");
      assert.equal(caseNamed("adds").failure, undefined);
      assert.equal(
        caseNamed("exit status")["system-err"],
        "Traceback (most recent call last):\nValueError: bad input\n",
      );
    });

    it("keeps control characters visible and ]]> harmless in the output", () => {
      assert.equal(caseNamed("colours")["system-out"], "␛[31mred␛[0m␀end ]]&gt; and ]]&gt; again\n");
    });

    it("turns an invalid file into one errored case and a compile error into failures", () => {
      const broken = suites[1].testcase[0];
      assert.equal(broken.name, "invalid test file");
      assert.match(broken.error?.["#text"] ?? "", /tests\/broken\.runno\.yaml:3:5: unknown key/);
      assert.equal(suites[2].failures, "2");
      assert.equal(suites[2].testcase[0].failure?.message, "did not compile");
      assert.match(suites[2].testcase[0].failure?.["#text"] ?? "", /main\.c:3:14: error/);
    });
  });

  describe("json", () => {
    const { progress, output } = render(createReporter("json", { color: false }), scenario());
    const json = JSON.parse(output);

    it("prints one JSON object at the end", () => {
      assert.deepEqual(progress, ["", "", ""]);
      assert.equal(json.version, 1);
      assert.deepEqual(Object.keys(json), ["version", "files", "summary"]);
    });

    it("has every file with its problems, compile error and cases", () => {
      const [calc, broken, compiled] = json.files;
      assert.deepEqual([calc.path, calc.valid, calc.runtime, calc.compileError], [CALC, true, "python", null]);
      assert.deepEqual(broken.problems, [
        { path: BROKEN, line: 3, column: 5, message: 'unknown key "stdot" (did you mean "stdout"?)' },
      ]);
      assert.equal(broken.valid, false);
      assert.equal(compiled.compileError, COMPILER_OUTPUT);
      const multiplies = calc.cases[1];
      assert.deepEqual(
        [
          multiplies.name,
          multiplies.outcome,
          multiplies.durationMs,
          multiplies.points,
          multiplies.status,
          multiplies.exitCode,
          multiplies.stdout,
          multiplies.stderr,
        ],
        ["multiplies", "failed", 15, 4, "exited", 0, "6\n13\n", "warning: rounding\n"],
      );
      assert.deepEqual(multiplies.failures[0].firstDifference, { line: 2, column: 2 });
      assert.equal(calc.cases[2].failures[0].whitespaceOnly, true);
      assert.deepEqual(
        [calc.cases[6].outcome, calc.cases[6].status, calc.cases[6].exitCode, calc.cases[6].stdout],
        ["timeout", "timeout", null, "partial\n"],
      );
      assert.deepEqual([calc.cases[9].outcome, calc.cases[9].stdout, calc.cases[9].status], ["skipped", null, null]);
      assert.equal(calc.cases[11].stdout, "\x1b[31mred\x1b[0m\x00end ]]> and ]]> again\n");
    });

    it("has the summary with the score", () => {
      assert.deepEqual(json.summary, {
        passed: 1,
        failed: 12,
        skipped: 1,
        invalidFiles: 1,
        score: { earned: 3, possible: 10 },
        verdicts: {
          accepted: 1,
          wrong_answer: 6,
          time_limit_exceeded: 1,
          output_limit_exceeded: 1,
          run_time_error: 2,
          compile_error: 2,
          skipped: 1,
        },
        problems: [
          {
            problem: CALC,
            solutions: [
              {
                solution: "main.py",
                verdict: "wrong_answer",
                accepted: 1,
                cases: 11,
                score: { earned: 3, possible: 10 },
              },
            ],
          },
          { problem: COMPILED, solutions: [{ solution: "main.py", verdict: "compile_error", accepted: 0, cases: 2 }] },
        ],
        durationMs: 3200,
      });
    });
  });
});
