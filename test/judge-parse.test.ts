// The judge keys of the test-file format: file data, generators, tokens, checkers, time limits.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { CHECKER_KEYS, GENERATOR_KEYS, TOKENS_KEYS } from "../src/testing/parse";
import { REPO } from "./helpers";
import { testFileParser } from "./parse-helpers";

const RUNTIMES = {
  forFile: (name: string) =>
    name.endsWith(".py") ? ("python" as const) : name.endsWith(".cpp") ? ("clangpp" as const) : undefined,
  known: ["python", "clangpp"],
};
const { ok, problems } = testFileParser(RUNTIMES);

describe("judge keys of the test file", () => {
  it("stdin, stdout and stderr name files with { file: PATH }", () => {
    const file = ok(
      "entry: a.py\ntests:\n  - name: n\n    stdin: { file: data/1.in }\n    stdout: { file: data/1.ans }\n    stderr: ''\n",
    );
    assert.deepEqual(
      [file.cases[0].stdin, file.cases[0].stdout, file.cases[0].stderr],
      [
        { kind: "file", path: "data/1.in" },
        { kind: "file", path: "data/1.ans" },
        { kind: "text", text: "" },
      ],
    );
    assert.deepEqual(problems("entry: a.py\ntests:\n  - name: n\n    stdin: { path: x }\n"), [
      "4:5 `stdin` is text, or `{ file: PATH }` naming a file relative to this test file",
    ]);
    assert.deepEqual(problems("entry: a.py\nmatch: regex\ntests:\n  - name: n\n    stdout: { file: x }\n"), [
      "5:5 `match: regex` takes its pattern as text, not from a file",
    ]);
  });

  it("`cases:` generates a case per input, sharing the entry's settings", () => {
    const file = ok(
      "entry: a.py\ntests:\n  - cases: data/secret/*.in\n    answers: [.out]\n    points: 2\n    timeout: 1.5\n    match: tokens\n",
    );
    assert.equal(file.cases.length, 0);
    const [generator] = file.generators;
    assert.equal(generator.inputs, "data/secret/*.in");
    assert.deepEqual(generator.answerExtensions, [".out"]);
    assert.equal(generator.index, 0);
    assert.deepEqual(
      { points: generator.template.points, timeoutMs: generator.template.timeoutMs, match: generator.template.match },
      { points: 2, timeoutMs: 1500, match: { kind: "tokens", caseSensitive: false, spaceChangeSensitive: false } },
    );
    assert.deepEqual(ok("entry: a.py\ntests:\n  - cases: d/*.in\n").generators[0].answerExtensions, [".ans", ".out"]);
    assert.deepEqual(problems("entry: a.py\ntests:\n  - cases: d/*.in\n    stdout: x\n"), [
      '4:5 unknown `cases:` entry key "stdout" (the input and answer come from the files; `name`, `stdin` and `stdout` belong to a single case)',
    ]);
    assert.deepEqual(problems("entry: a.py\ntests:\n  - cases: data/*\n"), [
      "3:5 `cases` is a glob of input files with an extension, such as data/secret/*.in (the answer file has the same name with .ans or .out)",
    ]);
  });

  it("tokens takes the Kattis default validator's flags; float_tolerance sets both tolerances", () => {
    const file = ok(
      "entry: a.py\nmatch: { tokens: { case_sensitive: true, space_change_sensitive: true, float_tolerance: 1e-6 } }\ntests:\n  - name: n\n",
    );
    assert.deepEqual(file.cases[0].match, {
      kind: "tokens",
      caseSensitive: true,
      spaceChangeSensitive: true,
      absoluteTolerance: 1e-6,
      relativeTolerance: 1e-6,
    });
    const split = ok(
      "entry: a.py\ntests:\n  - name: n\n    match: { tokens: { float_absolute_tolerance: 0.5, float_relative_tolerance: 0.01 } }\n",
    );
    assert.deepEqual(split.cases[0].match, {
      kind: "tokens",
      caseSensitive: false,
      spaceChangeSensitive: false,
      absoluteTolerance: 0.5,
      relativeTolerance: 0.01,
    });
    assert.deepEqual(problems("entry: a.py\nmatch: { tokens: { float_tolerance: -1 } }\ntests:\n  - name: n\n"), [
      "2:20 `float_tolerance` must be a positive number",
    ]);
  });

  it("a checker is a program, or a mapping with its convention, arguments and limits", () => {
    const short = ok("entry: a.py\nchecker: check.py\ntests:\n  - name: n\n").checker!;
    assert.deepEqual(
      { ...short, span: undefined },
      {
        entry: "check.py",
        runtime: "python",
        convention: "kattis",
        args: [],
        timeoutMs: undefined,
        memoryMib: undefined,
        span: undefined,
      },
    );
    const full = ok(
      "entry: a.py\nchecker:\n  entry: v/check.cpp\n  convention: testlib\n  args: [float_tolerance, '1e-6']\n  timeout: 5\n  memory: 256\ntests:\n  - name: n\n",
    ).checker!;
    assert.deepEqual(
      { ...full, span: undefined },
      {
        entry: "v/check.cpp",
        runtime: "clangpp",
        convention: "testlib",
        args: ["float_tolerance", "1e-6"],
        timeoutMs: 5000,
        memoryMib: 256,
        span: undefined,
      },
    );
    assert.deepEqual(problems("entry: a.py\nchecker: { entry: c.py, convention: icpc }\ntests:\n  - name: n\n"), [
      "2:25 `convention` is one of kattis, testlib (kattis: `checker INPUT ANSWER FEEDBACK_DIR` exiting 42/43; testlib: `checker INPUT OUTPUT ANSWER` exiting 0)",
    ]);
    assert.deepEqual(problems("entry: a.py\nchecker: check.rs\ntests:\n  - name: n\n"), [
      '2:1 cannot tell the runtime of the checker "check.rs" from its extension; add `runtime:` under `checker:`',
    ]);
  });

  it("time_limit is a native limit, time_multiplier its factor; not with timeout", () => {
    const file = ok("entry: a.py\ntime_limit: 2\ntime_multiplier: 3\noutput_limit: 8\ntests:\n  - name: n\n");
    assert.deepEqual(file.timeLimit, { nativeMs: 2000, multiplier: 3 });
    assert.equal(file.outputLimitMib, 8);
    assert.equal(ok("entry: a.py\ntime_limit: 1\ntests:\n  - name: n\n").timeLimit?.multiplier, undefined);
    assert.match(
      problems("entry: a.py\ntimeout: 5\ntime_limit: 1\ntests:\n  - name: n\n")[0],
      /^3:1 `timeout` and `time_limit` both set/,
    );
    assert.deepEqual(problems("entry: a.py\ntime_multiplier: 3\ntests:\n  - name: n\n"), [
      "2:1 `time_multiplier` multiplies a `time_limit`: add one (the native limit, in seconds)",
    ]);
  });

  it("the JSON Schema knows the same keys and accepts a judge's test file", () => {
    const schema = JSON.parse(readFileSync(join(REPO, "schemas", "runno-test.schema.json"), "utf8"));
    const definitions = schema.definitions;
    assert.deepEqual(Object.keys(definitions.generator.properties).sort(), [...GENERATOR_KEYS].sort());
    assert.deepEqual(Object.keys(definitions.checker.oneOf[1].properties).sort(), [...CHECKER_KEYS].sort());
    assert.deepEqual(
      Object.keys(definitions.match.oneOf[2].properties.tokens.properties).sort(),
      [...TOKENS_KEYS].sort(),
    );
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
    const judge = {
      entry: "sol.cpp",
      time_limit: 1,
      output_limit: 64,
      checker: { entry: "check.py", convention: "testlib" },
      match: { tokens: { float_tolerance: 1e-6 } },
      tests: [
        { name: "sample", stdin: { file: "data/sample/1.in" }, stdout: { file: "data/sample/1.ans" } },
        { cases: "data/secret/*.in", points: 1 },
      ],
    };
    assert.ok(validate(judge), JSON.stringify(validate.errors));
    assert.equal(validate({ ...judge, tests: [{ cases: "x/*.in", stdout: "no" }] }), false);
  });
});
