// The runner as a judge, on real programs in the sandbox: case data from files (generated
// cases, 50 MB streamed both ways), every verdict, both checker conventions, bad input.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { NodeTestHost } from "../src/cli/node-test-host";
import type { CaseResult, FileResult } from "../src/testing/model";
import { parseTestFile, runtimeNamesOf } from "../src/testing/parse";
import { failureHeadline } from "../src/testing/reporters/failure-text";
import { runTestFiles } from "../src/testing/runner";
import { createEngine, createEngineWithoutSharedMemory, scratchDir, spawnRunno } from "./helpers";
import { runnerOn, writeTestFolder } from "./runner-helpers";

describe("judge runner", function () {
  this.timeout(300_000);
  const engine = createEngine(2);
  after(() => engine.dispose());
  const scratch = scratchDir("runno-judge-");

  const run = runnerOn(engine);
  /** Writes a folder of files (nested paths allowed) and returns the path of its test file. */
  const suite = (name: string, files: Record<string, string | Buffer>) => writeTestFolder(join(scratch, name), files);

  const verdicts = (file: FileResult) => Object.fromEntries(file.cases.map((c) => [c.testCase.name, c.verdict]));
  const named = (file: FileResult, name: string): CaseResult => file.cases.find((c) => c.testCase.name === name)!;
  const problems = (file: FileResult) => file.problems.map((p) => `${p.position.line}: ${p.message}`);

  const SUM = "a, b = map(int, open(0).read().split())\nprint(a + b)\n";

  describe("case data from files", () => {
    it("generates a case per input with its .ans or .out, in sorted order, and keeps the data out of the sandbox", async () => {
      const path = suite("generated", {
        "sum.runno.yaml":
          "entry: sum.py\nmatch: tokens\ntests:\n  - name: inline first\n    stdin: '1 1'\n    stdout: '2'\n  - cases: data/secret/*.in\n    points: 2\n",
        "sum.py": SUM,
        "data/secret/10.in": "5 5\n",
        "data/secret/10.ans": "10\n",
        "data/secret/02.in": "1 1\n",
        "data/secret/02.out": "2\n",
        "data/secret/01.in": "2 3\n",
        "data/secret/01.ans": "6\n",
      });
      const [file] = (await run([path])).files;
      assert.deepEqual(problems(file), []);
      assert.deepEqual(verdicts(file), {
        "inline first": "accepted",
        "data/secret/01": "wrong_answer",
        "data/secret/02": "accepted",
        "data/secret/10": "accepted",
      });
      assert.deepEqual(
        file.cases.map((c) => c.testCase.name),
        ["inline first", "data/secret/01", "data/secret/02", "data/secret/10"],
      );
      assert.equal(named(file, "data/secret/02").testCase.points, 2);
      const wrong = named(file, "data/secret/01").failures[0];
      assert.ok(wrong.kind === "stdout");
      assert.deepEqual(wrong.difference, { unit: "token", expected: "6", actual: "5", expectedLine: 1 });
      assert.equal(file.verdict, "wrong_answer");
    });

    it("streams stdin from a file and never mounts the data the cases name", async () => {
      const path = suite("hidden", {
        "peek.runno.yaml":
          "entry: peek.py\ntests:\n  - name: peeks\n    stdin: { file: in/1.txt }\n    stdout: { file: in/1.expected }\n",
        "peek.py":
          "import os, sys\nprint(sys.stdin.read().strip(), os.path.exists('in/1.expected'), os.path.exists('in/1.txt'), os.path.exists('peek.py'))\n",
        "in/1.txt": "hello\n",
        "in/1.expected": "hello False False True\n",
      });
      const [file] = (await run([path])).files;
      assert.deepEqual(verdicts(file), { peeks: "accepted" }, JSON.stringify(file.cases[0].failures));
    });

    it("50 MB of input in and 50 MB of output compared as they stream, keeping only the start of the output", async () => {
      const lines: string[] = [];
      let size = 0;
      for (let i = 0; size < 50 * 1024 * 1024; i++) {
        const line = `${i} ${(i * 7919) % 1000003}\n`;
        lines.push(line);
        size += line.length;
      }
      const data = Buffer.from(lines.join(""));
      const wrong = Buffer.from(lines.slice(0, -3).join("") + "1 2\n" + lines.slice(-2).join(""));
      const path = suite("big", {
        "copy.runno.yaml":
          "entry: copy.py\noutput_limit: 120\ntests:\n  - name: right\n    stdin: { file: big.in }\n    stdout: { file: big.ans }\n  - name: wrong\n    stdin: { file: big.in }\n    stdout: { file: wrong.ans }\n    match: tokens\n",
        // Copies stdin to stdout in 1 MiB pieces, as a solution that reads and writes as it goes.
        "copy.py":
          "import sys\nwhile True:\n    chunk = sys.stdin.buffer.read(1 << 20)\n    if not chunk:\n        break\n    sys.stdout.buffer.write(chunk)\n",
        "big.in": data,
        "big.ans": data,
        "wrong.ans": wrong,
      });
      const [file] = (await run([path])).files;
      assert.deepEqual(problems(file), []);
      assert.deepEqual(
        verdicts(file),
        { right: "accepted", wrong: "wrong_answer" },
        JSON.stringify(file.cases.map((c) => c.failures)),
      );
      for (const result of file.cases) {
        assert.ok(
          result.run!.stdout.length <= 64 * 1024,
          `only the start of the output is kept (${result.run!.stdout.length} bytes)`,
        );
      }
      const failure = named(file, "wrong").failures[0];
      assert.ok(failure.kind === "stdout");
      assert.equal(failure.difference?.expectedLine, lines.length - 2);
      assert.equal(failure.firstDifference?.line, lines.length - 2);
      assert.deepEqual(
        [failure.difference?.expected, failure.difference?.actual],
        ["1", lines[lines.length - 3].split(" ")[0]],
      );
      assert.match(failure.expected, /\n1 2\n/, "the window of the answer around the difference");
    });

    it("without shared memory (output in message batches), 20 MB of odd-sized writes compared as they stream", async () => {
      const noShared = createEngineWithoutSharedMemory();
      try {
        const block = Array.from({ length: 1000 }, (_, i) => `${i} ${i * i}\n`).join("");
        const blocks = 1700;
        const right = block.repeat(blocks);
        const wrong = block.repeat(blocks - 1) + block.replace("\n500 250000\n", "\n500 250001\n");
        const path = suite("big-messages", {
          "blocks.runno.yaml":
            "entry: blocks.py\noutput_limit: 64\nmatch: tokens\ntests:\n  - name: right\n    stdin: '1700'\n    stdout: { file: right.ans }\n  - name: wrong\n    stdin: '1700'\n    stdout: { file: wrong.ans }\n",
          // Writes of about 10 KB that no chunk size divides, so chunks end mid-token.
          "blocks.py":
            "import sys\nblock = ''.join(f'{i} {i * i}\\n' for i in range(1000))\nfor _ in range(int(input())):\n    sys.stdout.write(block)\n",
          "right.ans": right,
          "wrong.ans": wrong,
        });
        const [file] = (await runTestFiles([path], { engine: noShared, host: new NodeTestHost(), jobs: 1 })).files;
        assert.deepEqual(problems(file), []);
        assert.deepEqual(verdicts(file), { right: "accepted", wrong: "wrong_answer" });
        const failure = named(file, "wrong").failures[0];
        assert.ok(failure.kind === "stdout");
        assert.equal(failure.firstDifference?.line, (blocks - 1) * 1000 + 501);
        assert.deepEqual([failure.difference?.expected, failure.difference?.actual], ["250001", "250000"]);
      } finally {
        noShared.dispose();
      }
    });
  });

  describe("verdicts", () => {
    it("accepted, wrong answer, time limit, output limit and run-time errors (exit code and trap)", async () => {
      const path = suite("verdicts", {
        "v.runno.yaml": [
          "entry: v.py",
          "output_limit: 0.5",
          "tests:",
          "  - { name: accepted, args: [ok], stdout: 'YES' }",
          "  - { name: wrong answer, args: [ok], stdout: 'no' }",
          "  - { name: time limit, args: [loop], timeout: 0.5 }",
          "  - { name: output limit, args: [flood] }",
          "  - { name: exit code, args: [exit], stdout: 'YES' }",
          "  - { name: exception, args: [raise] }",
          "",
        ].join("\n"),
        "v.py": [
          "import sys",
          "mode = sys.argv[1]",
          "if mode == 'ok': print('YES')",
          "if mode == 'loop':",
          "    while True: pass",
          "if mode == 'flood':",
          "    while True: print('y' * 1000)",
          "if mode == 'exit': print('YES'); sys.exit(3)",
          "if mode == 'raise': raise ValueError('bad input')",
          "",
        ].join("\n"),
      });
      const [file] = (await run([path])).files;
      assert.deepEqual(verdicts(file), {
        accepted: "accepted",
        "wrong answer": "wrong_answer",
        "time limit": "time_limit_exceeded",
        "output limit": "output_limit_exceeded",
        "exit code": "run_time_error",
        exception: "run_time_error",
      });
      assert.deepEqual(named(file, "exit code").failures, [{ kind: "exit-code", expected: 0, actual: 3 }]);
    });

    it("memory limit, a trap, and a compile error once for the file (C)", async () => {
      const grows = suite("mle", {
        "m.runno.yaml":
          "entry: m.c\nmemory: 32\ntests:\n  - { name: memory limit, args: [grow] }\n  - { name: trap, args: [trap] }\n",
        "m.c": [
          "#include <stdlib.h>",
          "#include <string.h>",
          "char *volatile kept;  /* or clang drops the unused allocations and the loop never ends */",
          "int main(int argc, char **argv) {",
          "  if (argv[1][0] == 't') __builtin_trap();",
          "  for (;;) { char *p = malloc(1 << 20); if (!p) abort(); memset(p, 1, 1 << 20); kept = p; }",
          "}",
          "",
        ].join("\n"),
      });
      const broken = suite("ce", {
        "c.runno.yaml": "entry: c.c\ntests:\n  - { name: one, stdout: x }\n  - { name: two, stdout: y }\n",
        "c.c": "int main() { return 0 }\n",
      });
      const [memory, compile] = (await run([grows, broken])).files;
      assert.deepEqual(verdicts(memory), { "memory limit": "memory_limit_exceeded", trap: "run_time_error" });
      assert.deepEqual(verdicts(compile), { one: "compile_error", two: "compile_error" });
      assert.match(compile.compileError ?? "", /error/);
      assert.equal(compile.verdict, "compile_error");
    });
  });

  describe("checker programs", () => {
    // Any order of the input's numbers is right: a problem with many correct answers.
    const PROBLEM = {
      "sort.py": "print(*sorted(map(int, open(0).read().split()), reverse=True))\n",
      "in/1.in": "3 1 2\n",
      "in/1.ans": "1 2 3\n",
    };

    it("Kattis output validator: argv INPUT ANSWER FEEDBACK_DIR, output on stdin, 42 accepts, 43 rejects with its feedback", async () => {
      const kattis = [
        "import sys",
        "inp, ans, feedback = sys.argv[1:4]",
        "team = sys.stdin.read().split()",
        "if sorted(team) == sorted(open(ans).read().split()) and sorted(team) == sorted(open(inp).read().split()):",
        "    sys.exit(42)",
        "open(feedback + 'judgemessage.txt', 'w').write('expected a permutation of ' + open(inp).read().strip() + ', got ' + ' '.join(team) + '\\n')",
        "sys.exit(43)",
        "",
      ].join("\n");
      const path = suite("kattis", {
        "p.runno.yaml":
          "entry: sort.py\nchecker: { entry: validator/check.py, convention: kattis }\ntests:\n  - { name: permutation, stdin: { file: in/1.in }, stdout: { file: in/1.ans } }\n  - { name: not one, stdin: '3 1 4', stdout: '1 3 4' }\n",
        ...PROBLEM,
        "validator/check.py": kattis,
      });
      const [file] = (await run([path])).files;
      assert.deepEqual(
        verdicts(file),
        { permutation: "accepted", "not one": "accepted" },
        JSON.stringify(file.cases.map((c) => c.failures)),
      );

      const wrong = suite("kattis-wrong", {
        "p.runno.yaml":
          "entry: sort.py\nchecker: validator/check.py\ntests:\n  - { name: drops one, stdin: '3 1 4 1', stdout: '1 1 3 4' }\n",
        "sort.py": "print(*sorted(set(map(int, open(0).read().split()))))\n",
        "validator/check.py": kattis,
      });
      const [rejected] = (await run([wrong])).files;
      const failure = rejected.cases[0].failures[0];
      assert.equal(rejected.cases[0].verdict, "wrong_answer");
      assert.deepEqual(failure, {
        kind: "checker",
        convention: "kattis",
        outcome: "rejected",
        message: "expected a permutation of 3 1 4 1, got 1 3 4",
        feedback: "expected a permutation of 3 1 4 1, got 1 3 4",
      });
    });

    it("passes the checker its arguments, a case's own (a package group's flags) in place of the file's", async () => {
      const path = suite("checker-args", {
        "p.runno.yaml":
          "entry: sort.py\nchecker: { entry: check.py, args: [file, flags] }\ntests:\n  - { name: plain, stdin: '1', stdout: '1' }\n  - { name: grouped, stdin: '2', stdout: '2' }\n",
        "sort.py": PROBLEM["sort.py"],
        "check.py":
          "import sys\nopen(sys.argv[3] + 'judgemessage.txt', 'w').write(' '.join(sys.argv[4:]))\nsys.exit(43)\n",
      });
      const parsed = parseTestFile(path, readFileSync(path, "utf8"), runtimeNamesOf(engine));
      assert.ok(parsed.ok);
      parsed.file.cases[1].checkerArgs = ["group", "flags", "1e-6"];
      const [file] = (await run([], { built: [parsed.file] })).files;
      assert.deepEqual(
        file.cases.map((c) => (c.failures[0].kind === "checker" ? c.failures[0].message : "")),
        ["file flags", "group flags 1e-6"],
      );
    });

    it("testlib: argv INPUT OUTPUT ANSWER, exit 0 accepts, anything else rejects with its stderr", async () => {
      const testlib = [
        "import sys",
        "inp, out, ans = sys.argv[1:4]",
        "if sorted(open(out).read().split()) == sorted(open(ans).read().split()): sys.exit(0)",
        "sys.stderr.write('wrong answer: not a permutation\\n')",
        "sys.exit(1)",
        "",
      ].join("\n");
      const path = suite("testlib", {
        "p.runno.yaml":
          "entry: sort.py\nchecker: { entry: check.py, convention: testlib }\ntests:\n  - { name: permutation, stdin: { file: in/1.in }, stdout: { file: in/1.ans } }\n  - { name: wrong, stdin: '1 2', stdout: '1 3' }\n",
        ...PROBLEM,
        "check.py": testlib,
      });
      const [file] = (await run([path])).files;
      assert.deepEqual(verdicts(file), { permutation: "accepted", wrong: "wrong_answer" });
      const failure = named(file, "wrong").failures[0];
      assert.ok(failure.kind === "checker");
      assert.equal(failure.message, "wrong answer: not a permutation");
    });

    it("a checker that does not compile is reported once, every case a judge error; one breaking its convention too", async () => {
      const uncompiled = suite("checker-ce", {
        "p.runno.yaml":
          "entry: sort.py\nchecker: check.c\ntests:\n  - { name: a, stdin: '1', stdout: '1' }\n  - { name: b, stdin: '2', stdout: '2' }\n",
        "sort.py": PROBLEM["sort.py"],
        "check.c": "int main() { return 42 }\n",
      });
      const confused = suite("checker-exit0", {
        "p.runno.yaml": "entry: sort.py\nchecker: check.py\ntests:\n  - { name: a, stdin: '1', stdout: '1' }\n",
        "sort.py": PROBLEM["sort.py"],
        "check.py": "import sys\nsys.exit(0)\n",
      });
      const [ce, exit0] = (await run([uncompiled, confused])).files;
      assert.match(ce.checkerError ?? "", /error/);
      assert.deepEqual(verdicts(ce), { a: "judge_error", b: "judge_error" });
      assert.equal(exit0.cases[0].verdict, "judge_error");
      const failure = exit0.cases[0].failures[0];
      assert.ok(failure.kind === "checker");
      assert.equal(failure.message, "the checker exited 0, not 42 (accept) or 43 (reject)");
    });
  });

  describe("bad input", () => {
    it("names the file: an input without an answer, a glob matching nothing, a missing data file, a missing checker", async () => {
      const unpaired = suite("unpaired", {
        "p.runno.yaml":
          "entry: sum.py\ntests:\n  - cases: data/*.in\n  - cases: nothing/*.in\n  - name: by hand\n    stdin: { file: data/gone.in }\n  - { cases: more/*.in, match: contains }\n",
        "more/1.in": "1 1\n",
        "more/1.ans": "2\n",
        "sum.py": SUM,
        "data/1.in": "1 2\n",
        "data/1.ans": "3\n",
        "data/2.in": "1 2\n",
      });
      const checkerless = suite("checkerless", {
        "p.runno.yaml":
          "entry: sum.py\nchecker: nowhere/check.py\ntests:\n  - { name: a, stdin: '1 2', stdout: '3' }\n",
        "sum.py": SUM,
      });
      const report = await run([unpaired, checkerless]);
      assert.deepEqual(problems(report.files[0]), [
        "3: data/2.in has no answer file: no data/2.ans or data/2.out",
        '4: cases: "nothing/*.in" matches no file',
        '5: stdin file data/gone.in does not exist (case "by hand")',
        '7: `match: contains` needs the expected output as text, not a file (case "more/1"); use exact, lines, numeric or tokens',
      ]);
      assert.deepEqual(problems(report.files[1]), [
        '2: the checker "nowhere/check.py" does not exist next to this test file',
      ]);
      assert.equal(report.summary.invalidFiles, 2);
    });

    it("runno test --output FILE still names every invalid test file and why on the console; --time-multiplier is checked", () => {
      const folder = dirname(
        suite("cli-bad", {
          "a.runno.yaml": "entry: sum.py\ntests:\n  - cases: data/*.in\n",
          "b.runno.yaml":
            "entry: sum.py\nmatch: { tokens: { case_sensitiv: true } }\ntests:\n  - { name: x, stdin: '1 2', stdout: '3' }\n",
          "sum.py": SUM,
          "data/1.in": "1 2\n",
        }),
      );
      const result = spawnRunno(["test", folder, "--reporter", "junit", "--output", join(scratch, "report.xml")]);
      assert.equal(result.status, 2);
      assert.match(
        result.stderr,
        /a\.runno\.yaml:3:5: data\/1\.in has no answer file: no data\/1\.ans or data\/1\.out\n/,
      );
      assert.match(
        result.stderr,
        /b\.runno\.yaml:2:20: unknown `tokens` option key "case_sensitiv" \(did you mean "case_sensitive"\?\)\n/,
      );
      const bad = spawnRunno(["test", folder, "--time-multiplier", "fast"]);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--time-multiplier takes a positive number, not "fast"/);
    });
  });

  it("a native time_limit is multiplied: by --time-multiplier (runner option) over the file's time_multiplier", async () => {
    const path = suite("multiplier", {
      "t.runno.yaml": "entry: spin.py\ntime_limit: 0.05\ntime_multiplier: 100\ntests:\n  - { name: spins a second }\n",
      "spin.py": "import time\nend = time.time() + 1\nwhile time.time() < end: pass\n",
    });
    const [generous] = (await run([path])).files;
    assert.equal(generous.cases[0].verdict, "accepted", "0.05 s x 100 = 5 s");
    const [strict] = (await run([path], { timeMultiplier: 4 })).files;
    assert.equal(strict.cases[0].verdict, "time_limit_exceeded", "0.05 s x 4 = 0.2 s");
    assert.deepEqual(strict.cases[0].failures, [
      { kind: "timeout", limitMs: 200, derived: { nativeMs: 50, multiplier: 4, from: "command line" } },
    ]);
    assert.equal(
      failureHeadline(strict.cases[0].failures[0]),
      "timed out after 0.2 s (time_limit 0.05 s × 4, --time-multiplier)",
    );
  });
});
