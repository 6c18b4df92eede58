// The runner on real programs: every outcome, parallel runs, grep, bail, only, skip, points.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Engine } from "../src/engine/api";
import { NodeTestHost } from "../src/cli/node-test-host";
import type { CaseResult, FileResult } from "../src/testing/model";
import { runTestFiles } from "../src/testing/runner";
import { FIXTURES } from "./fixtures";
import { createEngine, scratchDir } from "./helpers";
import { runnerOn, writeTestFolder } from "./runner-helpers";

const RUNTIMES = ["python", "ruby", "quickjs", "clang", "clangpp", "php-cgi", "sqlite"];

describe("test runner", function () {
  this.timeout(300_000);
  const engine = createEngine(2);
  after(() => engine.dispose());
  const scratch = scratchDir("runno-runner-");

  const run = runnerOn(engine);
  /** Writes a folder of files and returns the path of its test file. */
  const suite = (name: string, files: Record<string, string>) => writeTestFolder(join(scratch, name), files);

  const outcomes = (file: FileResult) => Object.fromEntries(file.cases.map((c) => [c.testCase.name, c.outcome]));

  for (const runtime of RUNTIMES) {
    it(`passes the ${runtime} exercise and fails its buggy solution on the right case`, async () => {
      const folder = join(FIXTURES, "exercises", runtime);
      const good = runtime === "sqlite" ? "cheap.runno.yaml" : "sum.runno.yaml";
      const report = await run([join(folder, good), join(folder, "buggy.runno.yaml")]);
      const [passing, failing] = report.files;
      assert.deepEqual(passing.problems, []);
      assert.ok(
        passing.cases.length >= 3 && passing.cases.every((c) => c.outcome === "passed"),
        JSON.stringify(outcomes(passing)),
      );
      const failed = failing.cases.filter((c) => c.outcome === "failed");
      assert.equal(failed.length, 1, JSON.stringify(outcomes(failing)));
      assert.equal(
        failed[0].testCase.name,
        runtime === "sqlite" ? "excludes fruit at exactly 5" : "adds negative numbers",
      );
      const failure = failed[0].failures[0];
      assert.equal(failure.kind, "stdout");
      // The sum's sign is wrong from the first character; the query lists one fruit too many.
      const expected = runtime === "sqlite" ? { line: 2, column: 1 } : { line: 1, column: 1 };
      if (failure.kind === "stdout") assert.deepEqual(failure.firstDifference, expected);
    });
  }

  it("reports timeouts, limits and exit codes as distinct outcomes", async () => {
    const path = suite("outcomes", {
      "prog.py":
        "import sys\nmode = input()\nif mode == 'spin':\n    while True: pass\nif mode == 'flood':\n    while True: print('x' * 1000)\nif mode == 'exit':\n    sys.exit(4)\nif mode == 'raise':\n    raise ValueError('bad')\nprint('ok')\n",
      "t.runno.yaml": [
        "entry: prog.py",
        "tests:",
        "  - { name: passes, stdin: ok, stdout: ok }",
        "  - { name: spins, stdin: spin, timeout: 0.5 }",
        "  - { name: floods, stdin: flood }",
        "  - { name: exits 4, stdin: exit }",
        "  - { name: expects 4, stdin: exit, exit: 4 }",
        "  - { name: raises, stdin: raise, stderr: 'ValueError: bad', match: contains, exit: 1 }",
      ].join("\n"),
    });
    const [file] = (await run([path])).files;
    assert.deepEqual(outcomes(file), {
      passes: "passed",
      spins: "timeout",
      floods: "limit",
      "exits 4": "failed",
      "expects 4": "passed",
      raises: "passed",
    });
    const exitFailure = file.cases.find((c) => c.testCase.name === "exits 4")!.failures;
    assert.deepEqual(exitFailure, [{ kind: "exit-code", expected: 0, actual: 4 }]);
  });

  it("reports a crashing C program as failed with the trap", async () => {
    const path = suite("crash", {
      "crash.c": "#include <stdlib.h>\nint main(void) { abort(); }\n",
      "t.runno.yaml": "entry: crash.c\ntests:\n  - name: aborts\n",
    });
    const [file] = (await run([path])).files;
    assert.equal(file.cases[0].outcome, "failed");
    assert.match(JSON.stringify(file.cases[0].failures), /crashed: wasm trap: unreachable/);
  });

  it("compiles a C program once for all its cases, and a compile error fails every case once", async () => {
    let compiles = 0;
    const counting: Engine = Object.create(engine, {
      compile: { value: (...args: Parameters<Engine["compile"]>) => (compiles++, engine.compile(...args)) },
    });
    const good = join(FIXTURES, "exercises", "clang", "sum.runno.yaml");
    const broken = suite("broken-c", {
      "broken.c": "int main(void) { return oops; }\n",
      "t.runno.yaml": "entry: broken.c\ntests:\n  - name: one\n  - name: two\n",
    });
    const report = await runTestFiles([good, broken], { engine: counting, host: new NodeTestHost(), jobs: 2 });
    assert.equal(compiles, 2);
    const [, failed] = report.files;
    assert.match(failed.compileError ?? "", /broken\.c:1:25: error: use of undeclared identifier 'oops'/);
    assert.deepEqual(
      failed.cases.map((c) => [c.outcome, c.failures[0].kind]),
      [
        ["failed", "compile"],
        ["failed", "compile"],
      ],
    );
  });

  it("reports an invalid test file and still runs the others", async () => {
    const invalid = suite("invalid", { "t.runno.yaml": "entry: prog.py\ntests:\n  - name: a\n    stdot: x\n" });
    const missing = suite("missing", { "t.runno.yaml": "tests:\n  - name: a\nentry: nowhere.py\n" });
    const good = join(FIXTURES, "exercises", "python", "sum.runno.yaml");
    const report = await run([invalid, missing, good]);
    assert.equal(report.summary.invalidFiles, 2);
    assert.match(report.files[0].problems[0].message, /unknown test case key "stdot"/);
    assert.deepEqual(report.files[0].problems[0].position, { line: 4, column: 5 });
    assert.deepEqual(
      report.files[1].problems.map((p) => [p.position.line, p.message]),
      [[3, 'the program "nowhere.py" does not exist next to this test file']],
    );
    assert.equal(report.files[2].cases.filter((c) => c.outcome === "passed").length, 4);
  });

  it("runs cases in parallel, each in a fresh sandbox", async () => {
    const path = suite("parallel", {
      "slow.c":
        '#include <stdio.h>\n#include <time.h>\nint main(void) { struct timespec t = {0, 400000000}; nanosleep(&t, 0); FILE *f = fopen("/tmp/mark", "a"); fputs("x", f); fclose(f); f = fopen("/tmp/mark", "r"); printf("%d\\n", fgetc(f) != EOF && fgetc(f) == EOF); return 0; }\n',
      "t.runno.yaml":
        "entry: slow.c\ntests:\n" + [1, 2, 3, 4].map((i) => `  - { name: case ${i}, stdout: "1" }`).join("\n"),
    });
    let running = 0;
    let most = 0;
    const report = await run([path], {
      jobs: 2,
      events: {
        caseStarted: () => (most = Math.max(most, ++running)),
        caseFinished: () => running--,
      },
    });
    assert.equal(most, 2);
    // Each case saw only its own mark file: no state leaked between sandboxes.
    assert.deepEqual(
      report.files[0].cases.map((c) => c.outcome),
      ["passed", "passed", "passed", "passed"],
    );
  });

  it("filters with grep, honours only and skip, and stops at the first failure with bail", async () => {
    const folder = join(FIXTURES, "exercises", "python");
    const grep = await run([join(folder, "sum.runno.yaml")], { grep: /negative/ });
    assert.deepEqual(
      grep.files[0].cases.map((c) => c.testCase.name),
      ["adds negative numbers"],
    );

    const only = suite("only", {
      "p.py": "print(input())\n",
      "t.runno.yaml":
        "entry: p.py\ntests:\n  - { name: a, stdin: x, stdout: x }\n  - { name: b, stdin: y, stdout: y, only: true }\n  - { name: c, stdin: z, stdout: z, skip: true, only: true }\n",
    });
    const onlyReport = await run([only]);
    assert.deepEqual(outcomes(onlyReport.files[0]), { b: "passed", c: "skipped" });

    const bail = await run([join(folder, "buggy.runno.yaml")], { bail: true, jobs: 1 });
    const seen = bail.files[0].cases.map((c: CaseResult) => c.outcome);
    assert.deepEqual(seen, ["passed", "failed", "skipped", "skipped"]);
  });

  it("adds up points into a score", async () => {
    const report = await run([join(FIXTURES, "exercises", "python", "buggy.runno.yaml")]);
    assert.deepEqual(report.summary.score, { earned: 2, possible: 5 });
    assert.equal(report.summary.passed, 3);
    assert.equal(report.summary.failed, 1);
  });

  it("mounts extra files and inline per-case files", async () => {
    const shared = join(scratch, "shared");
    mkdirSync(shared, { recursive: true });
    writeFileSync(join(shared, "words.txt"), "alpha beta\n");
    const path = suite("files/ex", {
      "p.py": "import sys\nprint(open(sys.argv[1]).read().strip())\n",
      "t.runno.yaml":
        "entry: p.py\nfiles: [../../shared/*.txt]\ntests:\n  - { name: shared, args: [shared/words.txt], stdout: alpha beta }\n  - { name: inline, args: [in.txt], files: { in.txt: gamma }, stdout: gamma }\n  - { name: not leaked, args: [in.txt], exit: 1, stderr: No such file, match: contains }\n",
    });
    const [file] = (await run([path])).files;
    assert.deepEqual(outcomes(file), { shared: "passed", inline: "passed", "not leaked": "passed" });
  });
});
