// `runno test --shard I/N` and `runno report merge`, as a CI matrix uses them: the shards
// together run every case once, and their merged report is the unsharded run's report.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import type { JsonReport } from "../src/testing/reporters/json";
import { mergeReports } from "../src/testing/merge/merge";
import { scratchDir, spawnRunno } from "./helpers";

const SUITES = ["fixtures/exercises/python", "fixtures/exercises/quickjs"];
const SHARDS = 3;

/** A report without its timings, which differ from run to run. */
function timeless(text: string): unknown {
  return JSON.parse(text, (key, value) => (key === "durationMs" ? 0 : value));
}

const caseKeys = (report: JsonReport) =>
  report.files.flatMap((file) => file.cases.map((c) => `${file.path} # ${c.name}`));

describe("sharded runs and report merging", function () {
  this.timeout(300_000);
  const dir = scratchDir("runno-shards-");
  const path = (name: string) => join(dir, name);
  const read = (name: string) => readFileSync(path(name), "utf8");

  before(() => {
    spawnRunno(["test", ...SUITES, "--reporter", "json", "--output", path("all.json")]);
    spawnRunno(["test", ...SUITES, "--reporter", "junit", "--output", path("all.xml")]);
    for (let i = 1; i <= SHARDS; i++) {
      for (const [reporter, ext] of [
        ["json", "json"],
        ["junit", "xml"],
      ]) {
        const r = spawnRunno([
          "test",
          ...SUITES,
          "--shard",
          `${i}/${SHARDS}`,
          "--shard-by",
          "count",
          "--reporter",
          reporter,
          "--output",
          path(`shard${i}.${ext}`),
        ]);
        assert.ok(r.status === 0 || r.status === 1, r.stderr);
      }
    }
  });

  it("runs every case in exactly one shard, in even shares", () => {
    const all = caseKeys(JSON.parse(read("all.json")));
    assert.ok(all.length >= 10, `${all.length} cases`);
    const shards = Array.from({ length: SHARDS }, (_, i) => caseKeys(JSON.parse(read(`shard${i + 1}.json`))));
    const union = shards.flat();
    assert.deepEqual([...union].sort(), [...all].sort(), "each case once over all shards");
    for (const shard of shards)
      assert.ok(Math.abs(shard.length - all.length / SHARDS) < 1, `${shard.length} of ${all.length}`);
  });

  it("splits the same way on a second run", () => {
    const again = path("again.json");
    spawnRunno([
      "test",
      ...SUITES,
      "--shard",
      `2/${SHARDS}`,
      "--shard-by",
      "count",
      "--reporter",
      "json",
      "--output",
      again,
    ]);
    assert.deepEqual(caseKeys(JSON.parse(readFileSync(again, "utf8"))), caseKeys(JSON.parse(read("shard2.json"))));
  });

  it("merges the shards' JSON reports into the unsharded run's report", () => {
    const r = spawnRunno([
      "report",
      "merge",
      ...[1, 2, 3].map((i) => path(`shard${i}.json`)),
      "--output",
      path("merged.json"),
    ]);
    // The buggy solutions fail in some shard: the merged run failed, as the whole run did.
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(timeless(read("merged.json")), timeless(read("all.json")));
  });

  it("merges the shards' JUnit reports: the same suites, cases and counts as the unsharded run", () => {
    const parse = (text: string) =>
      new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: "",
        isArray: (name) => name === "testsuite" || name === "testcase",
      }).parse(text);
    const merged = mergeReports([1, 2, 3].map((i) => ({ name: `shard${i}.xml`, text: read(`shard${i}.xml`) })));
    assert.equal(merged.format, "junit");
    assert.equal(merged.failed, true);
    const ours = parse(merged.text).testsuites;
    const whole = parse(read("all.xml")).testsuites;
    for (const key of ["tests", "failures", "errors", "skipped"]) assert.equal(ours[key], whole[key], key);
    const cases = (root: typeof ours) =>
      root.testsuite.flatMap(
        (suite: {
          name: string;
          tests: string;
          failures: string;
          testcase: { name: string; failure?: { message: string } }[];
        }) => {
          assert.equal(Number(suite.tests), suite.testcase.length, `${suite.name} counts its cases`);
          assert.equal(Number(suite.failures), suite.testcase.filter((c) => c.failure).length);
          return suite.testcase.map((c) => `${suite.name} # ${c.name} # ${c.failure?.message ?? "ok"}`);
        },
      );
    assert.deepEqual(cases(ours).sort(), cases(whole).sort());
  });

  it("exits 0 when every merged case passed, and joins a lone <testsuite> report too", () => {
    const lone = `<?xml version="1.0"?>\n<testsuite name="other tool" tests="1"><testcase name="ok" time="0.5"/></testsuite>\n`;
    writeFileSync(path("lone.xml"), lone);
    writeFileSync(path("lone2.xml"), lone.replace('"ok"', '"also ok"'));
    const r = spawnRunno(["report", "merge", path("lone.xml"), path("lone2.xml")]);
    assert.equal(r.status, 0, r.stderr);
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(r.stdout).testsuites
      .testsuite;
    assert.equal(suite.name, "other tool");
    assert.equal(suite.tests, "2");
    assert.equal(suite.time, "1.000");
  });

  it("refuses what it cannot merge, in one line naming the file", () => {
    writeFileSync(path("broken.json"), "{ nope");
    writeFileSync(path("old.json"), JSON.stringify({ version: 99, files: [], summary: {} }));
    writeFileSync(path("html.xml"), "<html><body/></html>");
    const cases: [string[], RegExp][] = [
      [[path("broken.json")], /broken\.json: not valid JSON/],
      [[path("old.json")], /old\.json: a JSON report of version 99/],
      [[path("html.xml")], /html\.xml: not a JUnit report/],
      [[path("shard1.json"), path("shard1.xml")], /cannot merge JSON reports with JUnit ones/],
      [[path("shard1.json"), path("shard1.json")], /is also in/],
      [[path("missing.json")], /cannot read .*missing\.json: ENOENT/],
      [[], /needs the report files/],
    ];
    for (const [files, message] of cases) {
      const r = spawnRunno(["report", "merge", ...files]);
      assert.equal(r.status, 2, files.join(" "));
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });
});
