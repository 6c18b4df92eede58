// The readers of other tools' test data, on small packages and files written here: Kattis
// problem.yaml (legacy and 2025-09), package data and programs, .in/.out folders, cph
// .prob files, GitHub Classroom autograding.
import assert from "node:assert/strict";
import picomatch from "picomatch";
import { parseAutogradingJson, parseClassroomWorkflow, programOf } from "../src/testing/formats/classroom";
import { parseCphProblem } from "../src/testing/formats/cph";
import type { FormatHost } from "../src/testing/formats/host";
import { readInOutFolder } from "../src/testing/formats/inout";
import { findFormatSources, findPackageRoots } from "../src/testing/formats/sources";
import { readPackageData } from "../src/testing/formats/kattis/data";
import { expectationOf, meets } from "../src/testing/formats/kattis/expectations";
import { parseProblemYaml } from "../src/testing/formats/kattis/problem-yaml";
import { findSubmissions, findValidator } from "../src/testing/formats/kattis/programs";
import { inScope, parseSubmissionsYaml } from "../src/testing/formats/kattis/submissions-yaml";
import { defaultValidatorOptions } from "../src/testing/formats/kattis/validator-flags";

/** Files in memory, under `/p`: enough of a host for the readers. */
function memoryHost(files: Record<string, string>): FormatHost {
  const at = (path: string) => files[path.replace(/^\/p\//, "")];
  return {
    async readText(path) {
      const text = at(path);
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    join: (folder, relative) => `${folder}/${relative}`,
    dirname: (path) => path.slice(0, path.lastIndexOf("/")),
    relative: (from, to) => (to.startsWith(from + "/") ? to.slice(from.length + 1) : to === from ? "" : `../${to}`),
    async glob(folder, pattern) {
      const prefix = folder === "/p" ? "" : folder.replace(/^\/p\//, "") + "/";
      const match = picomatch(pattern);
      return Object.keys(files)
        .filter((f) => f.startsWith(prefix) && match(f.slice(prefix.length)))
        .map((f) => f.slice(prefix.length))
        .sort();
    },
    async size(path) {
      const text = at(path);
      return text === undefined ? undefined : Buffer.byteLength(text);
    },
  };
}

const runtimeOf = (name: string) =>
  ({ py: "python", c: "clang", cpp: "clangpp", rb: "ruby", js: "quickjs" })[name.split(".").pop() ?? ""];
const oneLine = (messages: { message: string }[]) => messages.every((m) => !m.message.includes("\n"));

describe("format readers", () => {
  describe("problem.yaml", () => {
    it("reads a legacy problem.yaml: custom validation, validator_flags, limits", () => {
      const r = parseProblemYaml(
        "p/problem.yaml",
        "name: Adding Up\nsource: Our Cup\nvalidation: custom\nvalidator_flags: float_tolerance 1e-4\nlimits:\n  memory: 256\n  time_multiplier: 3\n",
      );
      assert.ok(r.ok);
      assert.deepEqual(r.config, {
        version: "legacy",
        name: "Adding Up",
        memoryMib: 256,
        outputMib: undefined,
        customValidation: true,
        validatorArgs: ["float_tolerance", "1e-4"],
      });
    });

    it("takes a missing problem.yaml, and one without a version, as legacy with defaults", () => {
      const none = parseProblemYaml("p/problem.yaml", undefined);
      assert.ok(none.ok && none.config.version === "legacy" && !none.config.customValidation);
      const empty = parseProblemYaml("p/problem.yaml", "");
      assert.ok(empty.ok && empty.config.version === "legacy");
      const icpc = parseProblemYaml("p/problem.yaml", "problem_format_version: legacy-icpc\nvalidation: default\n");
      assert.ok(icpc.ok && icpc.config.version === "legacy");
    });

    it("reads a 2025-09 problem.yaml: limits.time_limit, names per language, types", () => {
      const text = [
        "problem_format_version: 2025-09",
        "name:",
        "  en: Adding Up",
        "  sv: Addera",
        "uuid: 5ca5a3b0-0000-4000-8000-000000000001",
        "type: [pass-fail]",
        "credits: Ada",
        "limits:",
        "  time_limit: 2.5",
        "  memory: 512",
        "  time_multipliers:",
        "    ac_to_time_limit: 2",
        "keywords: [math]",
      ].join("\n");
      const r = parseProblemYaml("p/problem.yaml", text);
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(r.config, {
        version: "2025-09",
        name: "Adding Up",
        timeLimitS: 2.5,
        memoryMib: 512,
        outputMib: undefined,
        customValidation: false,
        validatorArgs: [],
      });
    });

    const refusals: [string, string, RegExp, number][] = [
      [
        "legacy unknown key",
        "name: x\ntime_limit: 2\n",
        /unknown key "time_limit" in problem\.yaml \(legacy format\)/,
        2,
      ],
      ["legacy unknown limit", "limits:\n  memory: 5\n  timelimit: 3\n", /unknown key "timelimit" in limits/, 3],
      [
        "2025-09 unknown limit",
        "problem_format_version: 2025-09\nlimits:\n  time_multiplier: 5\n",
        /unknown key "time_multiplier" in limits/,
        3,
      ],
      [
        "2025-09 legacy keys",
        "problem_format_version: 2025-09\nname: x\nvalidator_flags: case_sensitive\n",
        /validator_flags is legacy-only; .*output_validator_args/,
        3,
      ],
      ["a version we do not read", "problem_format_version: 2023-07-draft\n", /"2023-07-draft" is not supported/, 1],
      [
        "an interactive legacy problem",
        "validation: custom interactive\n",
        /interactive problems are not supported/,
        1,
      ],
      [
        "an interactive 2025-09 problem",
        "problem_format_version: 2025-09\ntype: [pass-fail, interactive]\n",
        /interactive problems are not supported/,
        2,
      ],
      ["a malformed limit", "limits:\n  memory: lots\n", /limits\.memory must be a positive number/, 2],
      ["a malformed validation", "validation: sometimes\n", /validation is "default" or "custom"/, 1],
      ["broken YAML", "name: [unclosed\n", /flow sequence/i, 2],
      ["not a mapping", "- a\n- b\n", /must be a mapping/, 1],
    ];
    for (const [what, text, message, line] of refusals) {
      it(`refuses ${what}, in one line at its key`, () => {
        const r = parseProblemYaml("p/problem.yaml", text);
        assert.ok(!r.ok, "refused");
        assert.match(r.problems.map((p) => p.message).join(" | "), message);
        assert.equal(r.problems[0].path, "p/problem.yaml");
        assert.equal(r.problems.find((p) => message.test(p.message))!.position.line, line);
        assert.ok(oneLine(r.problems));
      });
    }
  });

  describe("package data", () => {
    it("pairs every .in with its .ans, nested groups included, in the order judges use", async () => {
      const host = memoryHost({
        "data/sample/1.in": "1 2\n",
        "data/sample/1.ans": "3\n",
        "data/secret/b/02.in": "",
        "data/secret/b/02.ans": "",
        "data/secret/a/deep/01.in": "",
        "data/secret/a/deep/01.ans": "",
        "data/secret/a/10.in": "",
        "data/secret/a/10.ans": "",
        "data/secret/a/9.in": "",
        "data/secret/a/9.ans": "",
        "data/secret/a/9.png": "",
        "data/invalid_input/x.in": "",
        "data/secret/a/9.hint": "",
      });
      const data = await readPackageData("/p", "legacy", host);
      assert.deepEqual(data.problems, []);
      // Lexicographic, as the format says: 10 before 9, and groups in name order.
      assert.deepEqual(
        data.cases.map((c) => c.name),
        ["sample/1", "secret/a/10", "secret/a/9", "secret/a/deep/01", "secret/b/02"],
      );
      assert.deepEqual(data.cases[0], {
        name: "sample/1",
        input: "data/sample/1.in",
        answer: "data/sample/1.ans",
        args: [],
        validatorArgs: [],
      });
    });

    it("names the file of an input without its answer, of an answer without its input, and of a package with no data", async () => {
      const data = await readPackageData(
        "/p",
        "legacy",
        memoryHost({
          "data/secret/1.in": "",
          "data/secret/2.ans": "",
          "data/secret/3.in": "",
          "data/secret/3.ans": "",
        }),
      );
      assert.deepEqual(
        data.cases.map((c) => c.name),
        ["secret/3"],
      );
      assert.deepEqual(data.problems.map((p) => `${p.path}: ${p.message}`).sort(), [
        "/p/data/secret/1.in: an input without its answer: no 1.ans next to it",
        "/p/data/secret/2.ans: an answer without its input: no 2.in next to it",
      ]);
      const empty = await readPackageData(
        "/p",
        "2025-09",
        memoryHost({ "problem.yaml": "", "data/sample/readme.txt": "" }),
      );
      assert.equal(empty.cases.length, 0);
      assert.match(empty.problems[0].message, /no test data: no \.in files under data\/sample or data\/secret/);
    });

    it("takes legacy testdata.yaml flags from the nearest folder that sets them", async () => {
      const host = memoryHost({
        "data/secret/testdata.yaml": "output_validator_flags: float_tolerance 1e-3\n",
        "data/secret/exact/testdata.yaml": "output_validator_flags:\n  name: default\n  flags: case_sensitive\n",
        "data/secret/exact/1.in": "",
        "data/secret/exact/1.ans": "",
        "data/secret/loose/1.in": "",
        "data/secret/loose/1.ans": "",
        "data/sample/1.in": "",
        "data/sample/1.ans": "",
      });
      const data = await readPackageData("/p", "legacy", host);
      assert.deepEqual(data.problems, []);
      assert.deepEqual(Object.fromEntries(data.cases.map((c) => [c.name, c.validatorArgs])), {
        "sample/1": [],
        "secret/exact/1": ["case_sensitive"],
        "secret/loose/1": ["float_tolerance", "1e-3"],
      });
    });

    it("takes 2025-09 test_group.yaml and a case's own .yaml: args and output_validator_args", async () => {
      const host = memoryHost({
        "data/secret/test_group.yaml": "output_validator_args: [space_change_sensitive]\n",
        "data/secret/g1/test_group.yaml":
          "max_score: 40\nargs: [--fast]\noutput_validator_args: [float_tolerance, 0.5]\n",
        "data/secret/g1/1.in": "",
        "data/secret/g1/1.ans": "",
        "data/secret/g1/2.in": "",
        "data/secret/g1/2.ans": "",
        "data/secret/g1/2.yaml": "args: [--slow]\ndescription: the big one\n",
        "data/secret/g2/test_group.yaml": "max_score: 60\n",
        "data/secret/g2/1.in": "",
        "data/secret/g2/1.ans": "",
      });
      const data = await readPackageData("/p", "2025-09", host);
      assert.deepEqual(data.problems, []);
      assert.deepEqual(
        data.cases.map((c) => [c.name, c.args, c.validatorArgs]),
        [
          ["secret/g1/1", ["--fast"], ["float_tolerance", "0.5"]],
          ["secret/g1/2", ["--slow"], ["float_tolerance", "0.5"]],
          ["secret/g2/1", [], ["space_change_sensitive"]],
        ],
      );
    });

    it("refuses unknown keys in group settings, at their line in their file", async () => {
      const host = memoryHost({
        "data/secret/test_group.yaml": "max_score: 5\noutput_validator_flags: x\n",
        "data/secret/1.in": "",
        "data/secret/1.ans": "",
      });
      const data = await readPackageData("/p", "2025-09", host);
      assert.equal(data.problems.length, 1);
      assert.equal(data.problems[0].path, "/p/data/secret/test_group.yaml");
      assert.equal(data.problems[0].position.line, 2);
      assert.match(data.problems[0].message, /unknown key "output_validator_flags" in test_group\.yaml/);
    });
  });

  describe("default output validator flags", () => {
    it("turn into the tokens comparison", () => {
      assert.deepEqual(defaultValidatorOptions([]), {
        ok: true,
        options: { caseSensitive: false, spaceChangeSensitive: false },
      });
      assert.deepEqual(
        defaultValidatorOptions([
          "case_sensitive",
          "space_change_sensitive",
          "float_absolute_tolerance",
          "1e-6",
          "float_relative_tolerance",
          "1e-4",
        ]),
        {
          ok: true,
          options: {
            caseSensitive: true,
            spaceChangeSensitive: true,
            absoluteTolerance: 1e-6,
            relativeTolerance: 1e-4,
          },
        },
      );
      assert.deepEqual(defaultValidatorOptions(["float_tolerance", "0.01"]), {
        ok: true,
        options: {
          caseSensitive: false,
          spaceChangeSensitive: false,
          absoluteTolerance: 0.01,
          relativeTolerance: 0.01,
        },
      });
    });

    it("refuse what the default validator refuses", () => {
      for (const [flags, message] of [
        [["case_insensitive"], /unknown default output validator flag "case_insensitive"/],
        [["float_tolerance"], /takes a tolerance/],
        [["float_tolerance", "x"], /takes a tolerance/],
        [["float_tolerance", "1", "float_relative_tolerance", "1"], /cannot be combined/],
        [["float_absolute_tolerance", "1", "float_absolute_tolerance", "2"], /given twice/],
      ] as const) {
        const r = defaultValidatorOptions(flags);
        assert.ok(!r.ok && message.test(r.message), `${flags}: ${JSON.stringify(r)}`);
      }
    });
  });

  describe("package programs", () => {
    it("finds a legacy output validator, a file or a folder with its header", async () => {
      const file = await findValidator("/p", "legacy", memoryHost({ "output_validators/check.py": "" }), runtimeOf);
      assert.deepEqual(file, {
        validator: { entry: "output_validators/check.py", folder: "output_validators" },
        problems: [],
      });
      const folder = await findValidator(
        "/p",
        "legacy",
        memoryHost({
          "output_validators/v/validate.cpp": "",
          "output_validators/v/validate.h": "",
          "output_validators/v/README": "",
        }),
        runtimeOf,
      );
      assert.deepEqual(folder.validator, { entry: "output_validators/v/validate.cpp", folder: "output_validators/v" });
      const none = await findValidator("/p", "legacy", memoryHost({}), runtimeOf);
      assert.deepEqual(none, { problems: [] });
    });

    it("finds the one 2025-09 output_validator, by its conventional name among several files", async () => {
      const r = await findValidator(
        "/p",
        "2025-09",
        memoryHost({
          "output_validator/validator.cpp": "",
          "output_validator/gen.py": "",
          "output_validator/validation.h": "",
        }),
        runtimeOf,
      );
      assert.deepEqual(r.validator, { entry: "output_validator/validator.cpp", folder: "output_validator" });
    });

    it("refuses two legacy validators, and a validator folder without a program, in one line naming the folder", async () => {
      const two = await findValidator(
        "/p",
        "legacy",
        memoryHost({ "output_validators/a/a.py": "", "output_validators/b.py": "" }),
        runtimeOf,
      );
      assert.match(two.problems[0].message, /2 output validators \(a, b\.py\): runno runs one/);
      assert.equal(two.problems[0].path, "/p/output_validators");
      const java = await findValidator(
        "/p",
        "2025-09",
        memoryHost({ "output_validator/Validator.java": "" }),
        runtimeOf,
      );
      assert.match(java.problems[0].message, /output_validator\/ holds no program runno can run/);
    });

    it("lists submissions, files and folders, with the folder they must satisfy", async () => {
      const r = await findSubmissions(
        "/p",
        memoryHost({
          "submissions/accepted/sol.py": "",
          "submissions/accepted/big/main.c": "",
          "submissions/accepted/big/util.h": "",
          "submissions/wrong_answer/off.rb": "",
          "submissions/time_limit_exceeded/Slow.java": "",
          "submissions/submissions.yaml": "",
        }),
        runtimeOf,
      );
      assert.deepEqual(r.submissions, [
        {
          name: "accepted/big",
          expected: "accepted",
          entry: "submissions/accepted/big/main.c",
          folder: "submissions/accepted/big",
        },
        {
          name: "accepted/sol.py",
          expected: "accepted",
          entry: "submissions/accepted/sol.py",
          folder: "submissions/accepted",
        },
        {
          name: "wrong_answer/off.rb",
          expected: "wrong_answer",
          entry: "submissions/wrong_answer/off.rb",
          folder: "submissions/wrong_answer",
        },
      ]);
      assert.deepEqual(r.unrunnable, [
        { name: "time_limit_exceeded/Slow.java", reason: "no runtime runs Slow.java (by its extension)" },
      ]);
    });

    it("checks a submission's verdicts against its folder's rule, per format version", () => {
      const check = (version: "legacy" | "2025-09", folder: string, verdicts: ("AC" | "WA" | "TLE" | "RTE")[]) =>
        meets(expectationOf(version, folder)!, verdicts).ok;
      assert.equal(check("legacy", "accepted", ["AC", "AC"]), true);
      assert.equal(check("legacy", "accepted", ["AC", "WA"]), false);
      assert.equal(check("legacy", "wrong_answer", ["AC", "WA"]), true);
      assert.equal(check("legacy", "wrong_answer", ["AC", "AC"]), false);
      assert.equal(check("legacy", "wrong_answer", ["WA", "TLE"]), false);
      assert.equal(check("legacy", "time_limit_exceeded", ["WA", "TLE"]), true);
      assert.equal(check("2025-09", "time_limit_exceeded", ["WA", "TLE"]), false);
      assert.equal(check("2025-09", "run_time_error", ["AC", "RTE"]), true);
      assert.equal(check("legacy", "run_time_error", ["WA", "RTE"]), true);
      assert.equal(check("2025-09", "rejected", ["AC", "TLE"]), true);
      assert.equal(check("2025-09", "accepted", []), false);
      assert.equal(expectationOf("legacy", "brute_force"), undefined);
      assert.match(meets(expectationOf("legacy", "wrong_answer")!, ["AC"]).why!, /no case got WA/);
    });

    it("reads submissions.yaml: the rules of every glob that matches, on all cases or on a test data path", () => {
      const { rules, problems } = parseSubmissionsYaml(
        "/p/submissions/submissions.yaml",
        [
          '"*/*.py":',
          "  language: python",
          "  permitted: [AC, TLE]",
          '"accepted/slow.py":',
          "  secret/huge: { permitted: [TLE], required: [TLE] }",
          '"mixed/*":',
          "  required: [WA]",
          "",
        ].join("\n"),
      );
      assert.deepEqual(problems, []);
      assert.deepEqual(rules.expectationsOf("accepted/slow.py"), [
        { permitted: ["AC", "TLE"], required: ["AC", "WA", "TLE", "RTE"], source: 'submissions.yaml "*/*.py"' },
        {
          permitted: ["TLE"],
          required: ["TLE"],
          cases: "secret/huge",
          source: 'submissions.yaml "accepted/slow.py" on secret/huge',
        },
      ]);
      // A glob's * stops at a slash; a folder submission is matched by its folder's name.
      assert.deepEqual(
        rules.expectationsOf("mixed/big").map((e) => e.source),
        ['submissions.yaml "mixed/*"'],
      );
      assert.deepEqual(rules.expectationsOf("accepted/sol.c"), []);
      assert.equal(inScope("secret/huge", "secret/huge/01"), true);
      assert.equal(inScope("secret/huge", "secret/huger/01"), false);
      assert.equal(inScope("secret/*", "secret/huge/01"), true);
      assert.equal(inScope("sample", "secret/sample/1"), false);
    });

    it("refuses what submissions.yaml must not hold, at its line", () => {
      const { problems } = parseSubmissionsYaml(
        "/p/submissions/submissions.yaml",
        '"accepted/*":\n  permitted: AC\n  lanugage: c\n  secret: [AC]\n"x": 3\n',
      );
      assert.deepEqual(
        problems.map((p) => `${p.position.line}: ${p.message.split(" (known")[0]}`),
        [
          "2: permitted is a list of verdicts among AC, WA, TLE, RTE, e.g. [AC, TLE]",
          '3: unknown key "lanugage" in "accepted/*"',
          '4: "secret" maps to a mapping such as { permitted: [TLE] }',
          '5: "x" maps to a mapping such as { permitted: [AC, TLE] }',
        ],
      );
    });
  });

  describe(".in/.out folders", () => {
    it("pairs NAME.in with NAME.out or NAME.ans, in natural order, and finds the programs", async () => {
      const host = memoryHost({
        "ex/10.in": "",
        "ex/10.out": "",
        "ex/2.in": "",
        "ex/2.ans": "",
        "ex/1.in": "",
        "ex/1.out": "",
        "ex/sol.py": "",
        "ex/notes.txt": "",
      });
      const r = await readInOutFolder("/p/ex", host, runtimeOf);
      assert.deepEqual(
        r.cases.map((c) => [c.name, c.answer]),
        [
          ["1", "1.out"],
          ["2", "2.ans"],
          ["10", "10.out"],
        ],
      );
      assert.deepEqual(r.programs, ["sol.py"]);
      const lonely = await readInOutFolder("/p/ex", memoryHost({ "ex/3.in": "", "ex/sol.py": "" }), runtimeOf);
      assert.match(lonely.problems[0].message, /an input without its answer: no 3\.out or 3\.ans/);
      assert.equal(lonely.problems[0].path, "/p/ex/3.in");
    });
  });

  describe("cph .prob files", () => {
    const prob = (fields: object) =>
      JSON.stringify({
        name: "A. Sum",
        group: "Local",
        url: "",
        interactive: false,
        memoryLimit: 256,
        timeLimit: 2000,
        tests: [{ id: 1, input: "1 2\n", output: "3\n" }],
        testType: "single",
        input: { type: "stdin" },
        output: { type: "stdout" },
        languages: {},
        batch: { id: "x", size: 1 },
        srcPath: "/home/ada/cp/sum.py",
        local: true,
        ...fields,
      });

    it("reads the tests and the solution's file name (POSIX or Windows srcPath)", () => {
      const r = parseCphProblem("p/.cph/.sum.py_abc.prob", prob({}));
      assert.ok(r.ok);
      assert.deepEqual(r.problem, {
        name: "A. Sum",
        program: "sum.py",
        timeLimitMs: 2000,
        memoryMib: 256,
        tests: [{ input: "1 2\n", output: "3\n" }],
      });
      const windows = parseCphProblem("x.prob", prob({ srcPath: "C:\\Users\\ada\\cp\\a.cpp" }));
      assert.ok(windows.ok && windows.problem.program === "a.cpp");
    });

    it("refuses what is not a usable cph problem, in one line", () => {
      for (const [text, message] of [
        ["{", /not valid JSON/],
        [prob({ tests: undefined }), /no "tests" list/],
        [prob({ srcPath: "" }), /no "srcPath"/],
        [prob({ tests: [{ input: 1 }] }), /test 1 needs "input" and "output"/],
        [prob({ tests: [] }), /no tests/],
        [prob({ interactive: true }), /interactive/],
      ] as const) {
        const r = parseCphProblem("x.prob", text);
        assert.ok(!r.ok && message.test(r.problems[0].message) && oneLine(r.problems), `${text}: ${JSON.stringify(r)}`);
      }
    });
  });

  describe("GitHub Classroom", () => {
    const programs = new Set(["main.py", "src/hello.c", "tools/gen.rb"]);
    const isProgram = (path: string) => programs.has(path);

    it("finds the program a command runs", () => {
      assert.equal(programOf("python3 main.py", isProgram), "main.py");
      assert.equal(programOf("gcc src/hello.c -o hello && ./hello", isProgram), "src/hello.c");
      assert.equal(programOf("cd src && gcc hello.c -o hello.c.out && ./hello.c.out", isProgram), "src/hello.c");
      assert.match(
        (programOf("make test", isProgram) as { message: string }).message,
        /cannot tell which program "make test" runs/,
      );
      assert.match(
        (programOf("python3 main.py && ruby tools/gen.rb", isProgram) as { message: string }).message,
        /several programs \(main\.py, tools\/gen\.rb\)/,
      );
    });

    it("reads autograding.json: input, output, comparison, timeout in minutes, points", () => {
      const json = JSON.stringify(
        {
          tests: [
            {
              name: "adds",
              setup: "",
              run: "python3 main.py",
              input: "1 2",
              output: "3",
              comparison: "exact",
              timeout: 1,
              points: 5,
            },
            {
              name: "greets",
              setup: "sudo apt-get install -y gcc",
              run: "gcc src/hello.c -o h && ./h",
              input: "",
              output: "Hello",
              comparison: "included",
              timeout: 0.5,
            },
            {
              name: "shape",
              run: "python3 main.py",
              input: "x",
              output: "^\\d+$",
              comparison: "regex",
              timeout: 10,
              points: 2,
            },
          ],
        },
        null,
        2,
      );
      const r = parseAutogradingJson("repo/.github/classroom/autograding.json", json, isProgram);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(
        r.tests.map(({ position: _p, ...t }) => t),
        [
          {
            name: "adds",
            entry: "main.py",
            input: "1 2",
            output: "3",
            comparison: "exact",
            timeoutMs: 60_000,
            points: 5,
          },
          {
            name: "greets",
            entry: "src/hello.c",
            input: undefined,
            output: "Hello",
            comparison: "included",
            timeoutMs: 30_000,
            points: undefined,
          },
          {
            name: "shape",
            entry: "main.py",
            input: "x",
            output: "^\\d+$",
            comparison: "regex",
            timeoutMs: 600_000,
            points: 2,
          },
        ],
      );
      assert.equal(r.tests[1].position.line, json.split("\n").findIndex((l) => l.includes('"greets"')) + 1);
    });

    it("refuses a test it cannot run, naming the test, and keeps the others", () => {
      const json = JSON.stringify({
        tests: [
          { name: "ok", run: "python3 main.py", output: "1", comparison: "exact" },
          { name: "java", run: "javac Main.java && java Main", output: "1", comparison: "exact" },
          { name: "odd", run: "python3 main.py", comparison: "fuzzy", frobnicate: 1 },
        ],
      });
      const r = parseAutogradingJson("a.json", json, isProgram);
      assert.deepEqual(
        r.tests.map((t) => t.name),
        ["ok"],
      );
      const messages = r.problems.map((p) => p.message);
      assert.ok(
        messages.some((m) => /test "java": cannot tell which program/.test(m)),
        messages.join("\n"),
      );
      assert.ok(messages.some((m) => /test 3: unknown key "frobnicate"/.test(m)));
      assert.ok(messages.some((m) => /test "odd": comparison is one of exact, included, regex/.test(m)));
      assert.ok(oneLine(r.problems));
    });

    it("reads the io-grader and command-grader steps of classroom.yml, at their lines", () => {
      const workflow = [
        "name: Autograding Tests",
        "on: [push]",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - name: adds",
        "        id: adds",
        "        uses: classroom-resources/autograding-io-grader@v1",
        "        with:",
        "          test-name: adds",
        "          setup-command: ''",
        "          command: python3 main.py",
        "          input: 1 2",
        "          expected-output: '3'",
        "          comparison-method: exact",
        "          timeout: 10",
        "          max-score: 3",
        "      - name: builds",
        "        id: builds",
        "        uses: classroom-resources/autograding-command-grader@v1",
        "        with:",
        "          test-name: builds",
        "          command: gcc src/hello.c -o hello",
        "          timeout: 5",
        "      - name: Autograding Reporter",
        "        uses: classroom-resources/autograding-grading-reporter@v1",
      ].join("\n");
      const r = parseClassroomWorkflow(".github/workflows/classroom.yml", workflow, isProgram);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(
        r.tests.map((t) => [t.name, t.entry, t.input, t.output, t.comparison, t.timeoutMs, t.points, t.position.line]),
        [
          ["adds", "main.py", "1 2", "3", "exact", 600_000, 3, 8],
          ["builds", "src/hello.c", undefined, undefined, "exact", 300_000, undefined, 20],
        ],
      );
      const none = parseClassroomWorkflow("w.yml", "on: push\njobs:\n  a:\n    steps:\n      - run: make\n", isProgram);
      assert.match(none.problems[0].message, /no classroom-resources\/autograding-io-grader/);
    });
  });

  describe("finding test data in a folder", () => {
    const runtimes = {
      forFile: (name: string) => runtimeOf(name) as never,
      known: ["python", "clang", "clangpp", "ruby", "quickjs"],
    };

    it("finds problem packages by problem.yaml or by their data, outermost only", async () => {
      const host = memoryHost({
        "contest/a/problem.yaml": "",
        "contest/a/data/secret/1.in": "",
        "contest/a/data/secret/1.ans": "",
        "contest/b/data/sample/1.in": "",
        "contest/b/data/sample/1.ans": "",
        "contest/a/submissions/accepted/copy/problem.yaml": "",
        "notes/data/other.in": "",
      });
      assert.deepEqual(await findPackageRoots("/p", host), ["contest/a", "contest/b"]);
    });

    it("finds each format once: packages, .in/.out folders outside them, cph problems, Classroom tests per program", async () => {
      const host = memoryHost({
        "pkg/problem.yaml": "name: P\n",
        "pkg/data/secret/1.in": "1\n",
        "pkg/data/secret/1.ans": "1\n",
        "pkg/mine.py": "",
        "week1/1.in": "",
        "week1/1.out": "",
        "week1/sol.c": "",
        "cp/a.py": "",
        "cp/.cph/.a.py_9.prob": JSON.stringify({ tests: [{ input: "1", output: "1" }], srcPath: "C:\\x\\a.py" }),
        "repo/.github/classroom/autograding.json": JSON.stringify({
          tests: [
            { name: "t", run: "python3 main.py", output: "x", comparison: "included" },
            { name: "u", run: "python3 tools/other.py", output: "y" },
          ],
        }),
        "repo/main.py": "",
        "repo/tools/other.py": "",
        // Not tests: no .in there has an answer.
        "build/Makefile.in": "",
        "build/config.h.in": "",
        "build/gen.py": "",
      });
      const found = await findFormatSources("/p", host, runtimes, {});
      assert.deepEqual(found.sources.map((s) => s.path).sort(), [
        "/p/cp/a.py",
        "/p/pkg/mine.py",
        "/p/repo/main.py",
        "/p/repo/tools/other.py",
        "/p/week1/sol.c",
      ]);
      const loaded = await Promise.all(found.sources.map((s) => s.load()));
      assert.ok(
        loaded.every((l) => l.ok),
        JSON.stringify(loaded.filter((l) => !l.ok)),
      );
      const byPath = new Map(loaded.flatMap((l) => (l.ok ? [[l.file.path, l.file] as const] : [])));
      const file = (path: string) => byPath.get(path)!;
      assert.deepEqual(
        file("/p/pkg/mine.py").cases.map((c) => [c.stdin, c.stdout]),
        [
          [
            { kind: "file", path: "data/secret/1.in" },
            { kind: "file", path: "data/secret/1.ans" },
          ],
        ],
      );
      // A program in a subfolder runs in its own folder: its entry is its file name there.
      assert.equal(file("/p/repo/tools/other.py").entry, "other.py");
      assert.deepEqual(
        file("/p/repo/main.py").cases.map((c) => c.name),
        ["t"],
      );
    });
  });
});
