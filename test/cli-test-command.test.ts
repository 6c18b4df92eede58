// `runno test` as CI runs it: exit statuses, reporters, --output, colour.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { REPO, RUNNO, scratchDir, spawnRunno, TEST_CACHE_DIR } from "./helpers";

const EXERCISES = "fixtures/exercises";

const runno = (args: string[], env: Record<string, string> = {}) => spawnRunno(["test", ...args], { env });

describe("runno test CLI", function () {
  this.timeout(300_000);
  const scratch = scratchDir("runno-test-cli-");

  it("exits 0 when every case passed, and ends with the plain totals line", () => {
    const r = runno([`${EXERCISES}/python/sum.runno.yaml`]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\n4 passed, 0 failed\n$/);
    assert.doesNotMatch(r.stdout, /\x1b\[/, "no colour when piped");
  });

  it("exits 1 when a case failed, showing the diff and the stdin", () => {
    const r = runno([`${EXERCISES}/ruby/buggy.runno.yaml`]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /adds negative numbers/);
    assert.match(r.stdout, /- -3\n\s+\+ 5/);
    assert.match(r.stdout, /stdin:\n\s+-4 1/);
    assert.match(r.stdout, /Score: 2\/5/);
  });

  it("exits 2 when a test file is invalid, and still runs the others", () => {
    const bad = join(scratch, "bad.runno.yaml");
    writeFileSync(bad, "entry: missing.py\ntests:\n  - name: a\n");
    const r = runno([bad, `${EXERCISES}/python/sum.runno.yaml`]);
    assert.equal(r.status, 2);
    assert.match(r.stdout, /bad\.runno\.yaml:1:1: the program "missing\.py" does not exist/);
    // Named as the file's header names it: relative to where runno test ran.
    assert.doesNotMatch(r.stdout, new RegExp(`^\\s*${scratch}/bad`, "m"));
    assert.match(r.stdout, /4 passed, 0 failed/);
  });

  it("exits 2 for a wrong command line, in one line", () => {
    for (const args of [["--reporter", "xml"], ["--jobs", "0"], ["no/such/folder"], ["--frobnicate"]]) {
      const r = runno(args);
      assert.equal(r.status, 2, args.join(" "));
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^runno: /);
    }
  });

  it("writes JUnit XML that parses, one testsuite per file and one testcase per case", () => {
    const output = join(scratch, "junit.xml");
    const r = runno([`${EXERCISES}/clang`, "--reporter", "junit", "--output", output]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(readFileSync(output, "utf8"));
    const suites = [xml.testsuites.testsuite].flat() as { name: string; testcase: unknown }[];
    // Each suite's cases in the file's order, and whether each failed: only buggy.c's negative sum does.
    const cases = (name: string) =>
      (
        [suites.find((s) => s.name === `${EXERCISES}/clang/${name}`)?.testcase].flat() as {
          name: string;
          failure?: unknown;
        }[]
      ).map((c) => `${c.name}${c.failure === undefined ? "" : " (failed)"}`);
    assert.deepEqual(suites.map((s) => s.name).sort(), [
      `${EXERCISES}/clang/buggy.runno.yaml`,
      `${EXERCISES}/clang/sum.runno.yaml`,
    ]);
    assert.deepEqual(cases("buggy.runno.yaml"), [
      "adds two numbers",
      "adds negative numbers (failed)",
      "adds zeros",
      "adds large numbers",
    ]);
    assert.deepEqual(cases("sum.runno.yaml"), [
      "adds two numbers",
      "adds negative numbers",
      "adds zeros",
      "adds large numbers",
    ]);
  });

  it("prints TAP version 13 with a plan", () => {
    const r = runno([`${EXERCISES}/php-cgi`, "--reporter", "tap"]);
    assert.match(r.stdout, /^TAP version 13\n/);
    assert.match(r.stdout, /^1\.\.8$/m);
    assert.equal((r.stdout.match(/^not ok /gm) ?? []).length, 1);
  });

  it("runs only the cases matching --grep, and --bail stops at the first failure", () => {
    /** Each case of the report's one file, as [name, outcome], in the file's order. */
    const outcomes = (stdout: string): [string, string][] =>
      JSON.parse(stdout).files[0].cases.map((c: { name: string; outcome: string }) => [c.name, c.outcome]);
    // sum.runno.yaml has four cases; "zero" names only "adds zeros".
    const grep = runno([`${EXERCISES}/python/sum.runno.yaml`, "--grep", "zero", "--reporter", "json"]);
    assert.equal(grep.status, 0, grep.stderr);
    assert.deepEqual(outcomes(grep.stdout), [["adds zeros", "passed"]]);
    // buggy_sum.py fails the second case: with one job, the two after it never run.
    const bail = runno([`${EXERCISES}/python/buggy.runno.yaml`, "--bail", "--jobs", "1", "--reporter", "json"]);
    assert.equal(bail.status, 1, bail.stderr);
    assert.deepEqual(outcomes(bail.stdout), [
      ["adds two numbers", "passed"],
      ["adds negative numbers", "failed"],
      ["adds zeros", "skipped"],
      ["adds large numbers", "skipped"],
    ]);
  });

  it("prints no colour under NO_COLOR", () => {
    const r = runno([`${EXERCISES}/python/buggy.runno.yaml`], { NO_COLOR: "1" });
    assert.doesNotMatch(r.stdout, /\x1b\[/);
    // Piped output has no colour anyway: compare on a terminal (script(1) gives it one).
    const onTerminal = (noColor: string) =>
      spawnSync(
        "script",
        ["-qec", `"${process.execPath}" "${RUNNO}" test "${EXERCISES}/python/buggy.runno.yaml"`, "/dev/null"],
        {
          cwd: REPO,
          encoding: "utf8",
          env: { ...process.env, RUNNO_CACHE_DIR: TEST_CACHE_DIR, NO_COLOR: noColor },
        },
      ).stdout;
    assert.match(onTerminal(""), /\x1b\[/, "coloured on a terminal");
    assert.doesNotMatch(onTerminal("1"), /\x1b\[/, "not under NO_COLOR, even on a terminal");
  });
});
