// `runno test` on test data in other formats, read in place: Kattis / ICPC problem packages
// (legacy and 2025-09) with --solution and --submissions, folders of .in/.out pairs, cph
// .prob files, GitHub Classroom autograding; `runno import`; sharded packages. The packages
// are written here or under fixtures/judge (written for these tests).
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { JsonReport } from "../src/testing/reporters/json";
import { REPO, scratchDir, spawnRunno } from "./helpers";

const JUDGE = "fixtures/judge";

/** Writes `files` (relative path -> text) under a new folder and returns it. */
function writeTree(base: string, name: string, files: Record<string, string>): string {
  const root = join(base, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function jsonOf(args: string[], output: string) {
  const r = spawnRunno(["test", ...args, "--reporter", "json", "--output", output]);
  return { ...r, report: JSON.parse(readFileSync(output, "utf8")) as JsonReport };
}

const verdicts = (report: JsonReport) =>
  Object.fromEntries(report.files.flatMap((f) => f.cases.map((c) => [c.name, c.verdict])));

describe("runno test on other formats", function () {
  this.timeout(300_000);
  const scratch = scratchDir("runno-formats-");

  describe("problem packages", () => {
    it("--submissions: each submission gets the verdicts its folder expects (legacy package), exit 0", () => {
      const r = spawnRunno(["test", `${JUDGE}/parity`, "--submissions"]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      for (const line of [
        "ok   Parity of a sum: accepted/parity.c (5 AC)",
        "ok   Parity of a sum: accepted/parity.py (5 AC)",
        "ok   Parity of a sum: wrong_answer/overflow.c (4 AC, 1 WA)",
        "ok   Parity of a sum: time_limit_exceeded/slow.py (4 AC, 1 TLE)",
        "ok   Parity of a sum: run_time_error/crash.py (4 AC, 1 RTE)",
        "5 of 5 submissions got the verdicts their folders expect",
      ]) {
        assert.ok(r.stdout.includes(line), `${line}\n---\n${r.stdout}`);
      }
      // The accepted Python prints YES where the answer says yes: tokens, case-insensitively.
      assert.match(r.stdout, /accepted\/parity\.py\n( {2}✓ [^\n]+\n){5}/);
    });

    it("--submissions fails, naming the submission, when one does not get what its folder says", () => {
      const pkg = join(scratch, "misfiled");
      cpSync(join(REPO, JUDGE, "parity"), pkg, { recursive: true });
      // An accepted solution filed as a wrong answer, and a wrong one filed as accepted.
      cpSync(join(pkg, "submissions/accepted/parity.c"), join(pkg, "submissions/wrong_answer/right.c"));
      cpSync(join(pkg, "submissions/wrong_answer/overflow.c"), join(pkg, "submissions/accepted/overflow.c"));
      const r = spawnRunno([
        "test",
        pkg,
        "--submissions",
        "--reporter",
        "json",
        "--output",
        join(scratch, "misfiled.json"),
      ]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /FAIL Parity of a sum: wrong_answer\/right\.c \(5 AC\): no case got WA/);
      assert.match(
        r.stderr,
        /FAIL Parity of a sum: accepted\/overflow\.c \(4 AC, 1 WA\): got WA, which it must never get \(allowed: AC\)/,
      );
      assert.match(r.stderr, /5 of 7 submissions got the verdicts their folders expect/);
    });

    it("--submissions with a 2025-09 package's own output validator, given each group's output_validator_args", () => {
      const r = spawnRunno(["test", `${JUDGE}/pair`, "--submissions"]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.ok(r.stdout.includes("ok   Any pair: accepted/halves.py (4 AC)"), r.stdout);
      assert.ok(r.stdout.includes("ok   Any pair: wrong_answer/off_by_one.py (2 AC, 2 WA)"), r.stdout);
      // The validator's own words (judgemessage.txt) are the failure's.
      assert.match(r.stdout, /3 \+ 5 = 8, not 7/);
      // Without the negative group's own (empty) arguments it inherits non_negative, and halves.py's -5 -4 is refused.
      const pkg = join(scratch, "pair-inherited");
      cpSync(join(REPO, JUDGE, "pair"), pkg, { recursive: true });
      writeFileSync(join(pkg, "data/secret/negative/test_group.yaml"), "max_score: 50\n");
      const inherited = spawnRunno(["test", pkg, "--submissions"]);
      assert.equal(inherited.status, 1, inherited.stdout);
      assert.match(inherited.stdout, /FAIL Any pair: accepted\/halves\.py \(3 AC, 1 WA\)/);
      assert.match(inherited.stdout, /-5 and -4 must not be negative/);
    });

    it("--submissions with a 2025-09 submissions.yaml: rules by glob, on test data paths, for other folders too", () => {
      const pkg = join(scratch, "pair-rules");
      cpSync(join(REPO, JUDGE, "pair"), pkg, { recursive: true });
      // off_by_one.py is wrong on odd N only: secret/negative/1 (-9) and secret/positive/2 (7).
      cpSync(join(pkg, "submissions/wrong_answer/off_by_one.py"), join(pkg, "submissions/mixed/odd.py"));
      writeFileSync(
        join(pkg, "submissions/submissions.yaml"),
        [
          '"wrong_answer/*":',
          "  sample: { permitted: [AC] }",
          "  secret/positive: { required: [WA] }",
          '"mixed/*.py":',
          "  language: python",
          "  permitted: [AC, WA]",
          "  required: [WA]",
          "# false on purpose: halves.py is right on the negative group",
          '"accepted/halves.py":',
          "  secret/negative: { permitted: [WA] }",
          "",
        ].join("\n"),
      );
      // Python at 0.2 s × 14 can time out on a loaded machine; these rules are about WA.
      const r = spawnRunno(["test", pkg, "--submissions", "--time-multiplier", "100"]);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.ok(r.stdout.includes("ok   Any pair: wrong_answer/off_by_one.py (2 AC, 2 WA)"), r.stdout);
      assert.ok(r.stdout.includes("ok   Any pair: mixed/odd.py (2 AC, 2 WA)"), r.stdout);
      assert.ok(
        r.stdout.includes(
          'FAIL Any pair: accepted/halves.py (4 AC): got AC, which it must never get (allowed: WA) (submissions.yaml "accepted/halves.py" on secret/negative)',
        ),
        r.stdout,
      );
      assert.match(r.stdout, /3 of 4 submissions got the verdicts/);

      // A rule that does not hold over the whole run names its glob too.
      writeFileSync(join(pkg, "submissions/submissions.yaml"), '"mixed/*":\n  permitted: [AC]\n');
      const strict = spawnRunno(["test", pkg, "--submissions", "--time-multiplier", "100"]);
      assert.equal(strict.status, 1, strict.stdout + strict.stderr);
      assert.ok(
        strict.stdout.includes(
          'FAIL Any pair: mixed/odd.py (2 AC, 2 WA): got WA, which it must never get (allowed: AC) (submissions.yaml "mixed/*")',
        ),
        strict.stdout,
      );
    });

    it("names a malformed submissions.yaml at its line, in one line each, and exits 2", () => {
      const pkg = join(scratch, "pair-bad-rules");
      cpSync(join(REPO, JUDGE, "pair"), pkg, { recursive: true });
      writeFileSync(
        join(pkg, "submissions/submissions.yaml"),
        '"accepted/*":\n  permited: [AC]\n"wrong_answer/*":\n  required: [OK]\n',
      );
      const r = spawnRunno(["test", pkg, "--submissions"]);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      const where = "pair-bad-rules/submissions/submissions.yaml";
      const lines = (r.stdout + r.stderr).split("\n");
      assert.ok(
        lines.some((l) => l.trim().match(new RegExp(`${where}:2:3: unknown key "permited" in "accepted/\\*"`))),
        r.stdout,
      );
      assert.ok(
        lines.some((l) =>
          l.trim().match(new RegExp(`${where}:4:3: required is a list of verdicts among AC, WA, TLE, RTE`)),
        ),
        r.stdout,
      );
    });

    it("--solution FILE: a wrong answer fails with the first differing token and exit 1", () => {
      const r = spawnRunno([
        "test",
        `${JUDGE}/parity`,
        "--solution",
        `${JUDGE}/parity/submissions/wrong_answer/overflow.c`,
      ]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /✗ secret\/large\/02: wrong answer/);
      assert.match(r.stdout, /expected token "4000000000" \(line 1 of the answer\), got "-294967296"/);
      assert.match(r.stdout, /4 passed, 1 failed/);
    });

    it("--solution from outside the package, and the problem's own time limit and memory", () => {
      const solution = join(scratch, "elsewhere", "mine.py");
      mkdirSync(dirname(solution), { recursive: true });
      writeFileSync(
        solution,
        "import sys\nn = list(map(int, sys.stdin.read().split()))[1:]\nprint(sum(n), 'yes' if sum(n) % 2 == 0 else 'no')\n",
      );
      const { status, report, stderr } = jsonOf(
        [join(REPO, JUDGE, "parity"), "--solution", solution],
        join(scratch, "outside.json"),
      );
      assert.equal(status, 0, stderr);
      assert.deepEqual(Object.keys(verdicts(report)), [
        "sample/1",
        "secret/large/01",
        "secret/large/02",
        "secret/small/01",
        "secret/small/02",
      ]);
      assert.equal(report.summary.problems[0].problem, "Parity of a sum");
    });

    it("reads a 2025-09 package: limits, test_group.yaml output_validator_args for the default validator", () => {
      const pkg = writeTree(scratch, "mean", {
        "problem.yaml":
          "problem_format_version: 2025-09\nname: Mean\nuuid: 3f0a0c1e-0000-4000-8000-000000000003\nlimits:\n  time_limit: 2\n  memory: 128\n",
        "data/sample/1.in": "1 2\n",
        "data/sample/1.ans": "1.5\n",
        "data/secret/test_group.yaml": "output_validator_args: [float_absolute_tolerance, '0.01']\n",
        "data/secret/third.in": "1 1 2\n",
        "data/secret/third.ans": "1.33\n",
        "data/secret/exact/test_group.yaml": "output_validator_args: []\n",
        "data/secret/exact/third.in": "1 1 2\n",
        "data/secret/exact/third.ans": "1.33\n",
        "mean.py": "xs = list(map(int, input().split()))\nprint(sum(xs) / len(xs))\n",
      });
      // No flags given: the package's own programs are the solutions.
      const { status, report } = jsonOf([pkg], join(scratch, "mean.json"));
      assert.equal(status, 1);
      // 1.3333 is within 0.01 of 1.33 where the group allows it, and a different token where it does not.
      assert.deepEqual(verdicts(report), {
        "sample/1": "accepted",
        "secret/exact/third": "wrong_answer",
        "secret/third": "accepted",
      });
    });

    it("reads a legacy package's validator_flags and .timelimit", () => {
      const pkg = writeTree(scratch, "shout", {
        "problem.yaml": "name: Shout\nvalidator_flags: case_sensitive\n",
        ".timelimit": "1\n",
        "data/secret/1.in": "hi\n",
        "data/secret/1.ans": "HI\n",
        "lower.py": "print(input())\n",
      });
      const { status, report } = jsonOf([pkg], join(scratch, "shout.json"));
      assert.equal(status, 1);
      assert.deepEqual(verdicts(report), { "secret/1": "wrong_answer" });
    });

    it("names the file of every problem in a broken package, one line each, and exits 2", () => {
      const unknown = writeTree(scratch, "unknown-key", {
        "problem.yaml": "name: x\ntimelimit: 2\n",
        "data/secret/1.in": "",
        "data/secret/1.ans": "",
        "a.py": "",
      });
      const lonely = writeTree(scratch, "lonely", {
        "problem.yaml": "name: y\n",
        "data/secret/1.in": "",
        "data/secret/2.in": "",
        "data/secret/2.ans": "",
        "a.py": "",
      });
      const empty = writeTree(scratch, "empty", {
        "problem.yaml": "problem_format_version: 2025-09\nname: z\n",
        "data/sample/readme.md": "",
        "a.py": "",
      });
      const bare = writeTree(scratch, "bare", {
        "problem.yaml": "name: w\n",
        "data/secret/1.in": "",
        "data/secret/1.ans": "",
      });
      const r = spawnRunno(["test", unknown, lonely, empty, bare]);
      assert.equal(r.status, 2, r.stdout);
      assert.match(
        r.stdout,
        /unknown-key\/problem\.yaml:2:1: unknown key "timelimit" in problem\.yaml \(legacy format\)/,
      );
      assert.match(r.stdout, /lonely\/data\/secret\/1\.in:1:1: an input without its answer: no 1\.ans next to it/);
      assert.match(r.stdout, /empty\/data:1:1: a problem package with no test data/);
      assert.match(
        r.stdout,
        /bare:1:1: a problem package: run a program against it with --solution FILE, or its submissions with --submissions/,
      );
    });

    it("refuses interactive problems of both versions in one line naming problem.yaml, exit 2", () => {
      const problems = {
        legacy: "name: Guess\nvalidation: custom interactive\n",
        "2025-09": "problem_format_version: 2025-09\nname: Guess\ntype: interactive\n",
      };
      for (const [version, problemYaml] of Object.entries(problems)) {
        const pkg = writeTree(scratch, `interactive-${version}`, {
          "problem.yaml": problemYaml,
          "data/sample/1.in": "10\n",
          "data/sample/1.ans": "7\n",
          "guess.py": "print(7)\n",
        });
        const r = spawnRunno(["test", pkg, "--solution", join(pkg, "guess.py")]);
        assert.equal(r.status, 2, r.stdout + r.stderr);
        const refusals = (r.stdout + r.stderr).split("\n").filter((l) => l.includes("interactive problems"));
        assert.equal(refusals.length, 1, r.stdout + r.stderr);
        assert.match(
          refusals[0].trim(),
          new RegExp(
            `interactive-${version}/problem\\.yaml:\\d+:1: interactive problems are not supported: runno runs a program on an input and checks its output afterwards$`,
          ),
        );
      }
    });

    it("refuses --solution and --submissions outside problem packages, in one line", () => {
      for (const args of [
        ["fixtures/exercises/python", "--submissions"],
        [`${JUDGE}/parity`, "--submissions", "--solution", "x.py"],
      ]) {
        const r = spawnRunno(["test", ...args]);
        assert.equal(r.status, 2, args.join(" "));
        assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      }
    });
  });

  describe("other formats", () => {
    it("runs a folder of .in/.out pairs, a cph problem and Classroom tests where they are", () => {
      const { status, report } = jsonOf(
        [`${JUDGE}/inout`, `${JUDGE}/cph`, `${JUDGE}/classroom`, `${JUDGE}/classroom-workflow`],
        join(scratch, "formats.json"),
      );
      assert.equal(status, 1);
      const byFile = Object.fromEntries(
        report.files.map((f) => [f.path, Object.fromEntries(f.cases.map((c) => [c.name, c.verdict]))]),
      );
      assert.deepEqual(byFile, {
        [`${JUDGE}/inout/max.rb`]: { "1": "accepted", "2": "accepted", "10": "accepted" },
        [`${JUDGE}/cph/echo_twice.py`]: { "test 1": "accepted", "test 2": "accepted" },
        // "shouts" expects HELLO in capitals, by regex: the program does not shout.
        [`${JUDGE}/classroom/main.py`]: { "greets Ada": "accepted", "says hello": "accepted", shouts: "wrong_answer" },
        [`${JUDGE}/classroom-workflow/src/count.c`]: { "counts words": "accepted", compiles: "accepted" },
      });
      assert.deepEqual(report.summary.score, { earned: 7, possible: 9 });
    });

    it("names a folder of tests with no program, or with several, in one line", () => {
      const none = writeTree(scratch, "no-program", { "1.in": "1\n", "1.out": "1\n" });
      const two = writeTree(scratch, "two-programs", {
        "1.in": "1\n",
        "1.out": "1\n",
        "a.py": "print(1)\n",
        "b.py": "print(1)\n",
      });
      const r = spawnRunno(["test", none, two]);
      assert.equal(r.status, 2);
      assert.match(r.stdout, /no-program:1:1: tests \(\.in with \.out or \.ans\) but no program next to them/);
      assert.match(
        r.stdout,
        /two-programs:1:1: several programs next to the tests \(a\.py, b\.py\): pick one with --solution FILE/,
      );
      const picked = spawnRunno(["test", two, "--solution", join(two, "b.py")]);
      assert.equal(picked.status, 0, picked.stdout);
    });

    it("takes a YAML test file's `cases:` data for its own, not for a folder of tests with no program", () => {
      const exercise = writeTree(scratch, "yaml-with-data", {
        "sum.py": "print(sum(map(int, input().split())))\n",
        "sum.runno.yaml": "entry: sum.py\ntests:\n  - cases: data/*.in\n",
        "data/1.in": "1 2\n",
        "data/1.ans": "3\n",
        "data/2.in": "4 5\n",
        "data/2.ans": "9\n",
      });
      const r = spawnRunno(["test", exercise]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout, /invalid|no program next to them/, r.stdout);
      assert.match(r.stdout, /✓ data\/1 [^\n]*\n\s*✓ data\/2 /, r.stdout);
      // The same data with no test file above it is still named as tests without a program.
      const stray = writeTree(scratch, "stray-data", { "data/1.in": "1 2\n", "data/1.ans": "3\n" });
      const alone = spawnRunno(["test", stray]);
      assert.equal(alone.status, 2, alone.stdout);
      assert.match(alone.stdout, /no program next to them/);
    });
  });

  describe("runno import", () => {
    it("writes the equivalent *.runno.yaml, which runs the same cases with the same verdicts", () => {
      const copy = join(scratch, "import");
      for (const name of ["parity", "inout", "cph", "classroom"])
        cpSync(join(REPO, JUDGE, name), join(copy, name), { recursive: true });
      const r = spawnRunno(["import", join(copy, "inout"), join(copy, "cph"), join(copy, "classroom")]);
      assert.equal(r.status, 0, r.stderr);
      const withSolution = spawnRunno([
        "import",
        join(copy, "parity"),
        "--solution",
        join(copy, "parity/submissions/wrong_answer/overflow.c"),
      ]);
      assert.equal(withSolution.status, 0, withSolution.stderr);
      assert.match(withSolution.stdout, /wrote .*overflow\.runno\.yaml \(5 cases\)/);
      const yaml = readFileSync(join(copy, "parity/submissions/wrong_answer/overflow.runno.yaml"), "utf8");
      assert.match(yaml, /time_limit: 0\.3/);
      assert.match(yaml, /cases: \.\.\/\.\.\/data\/secret\/large\/\*\.in/);
      const imported = [
        "inout/max.runno.yaml",
        "cph/echo_twice.runno.yaml",
        "classroom/main.runno.yaml",
        "parity/submissions/wrong_answer/overflow.runno.yaml",
      ].map((f) => join(copy, f));
      const { report } = jsonOf(imported, join(scratch, "imported.json"));
      const outcomes = report.files.map((f) => [f.path.split("/").pop(), f.cases.map((c) => c.verdict).sort()]);
      assert.deepEqual(outcomes, [
        ["main.runno.yaml", ["accepted", "accepted", "wrong_answer"]],
        ["echo_twice.runno.yaml", ["accepted", "accepted"]],
        ["max.runno.yaml", ["accepted", "accepted", "accepted"]],
        ["overflow.runno.yaml", ["accepted", "accepted", "accepted", "accepted", "wrong_answer"]],
      ]);
      const again = spawnRunno(["import", join(copy, "inout")]);
      assert.equal(again.status, 1);
      assert.match(again.stderr, /max\.runno\.yaml exists; not overwritten \(--force to replace it\)/);
    });
  });

  describe("shards of packages", () => {
    it("runs every case of every submission in exactly one shard, balanced by data size", () => {
      const all = jsonOf([`${JUDGE}/parity`, "--submissions"], join(scratch, "all-subs.json")).report;
      const keys = (report: JsonReport) => report.files.flatMap((f) => f.cases.map((c) => `${f.path} # ${c.name}`));
      const shards = [1, 2, 3].map((i) =>
        keys(jsonOf([`${JUDGE}/parity`, "--submissions", "--shard", `${i}/3`], join(scratch, `subs-${i}.json`)).report),
      );
      assert.equal(keys(all).length, 25);
      assert.deepEqual(shards.flat().sort(), keys(all).sort());
      for (const shard of shards) assert.ok(shard.length >= 7 && shard.length <= 10, `${shard.length}`);
    });
  });
});
