// The README's GitHub Actions matrix example, run as written: each job's `runno test --shard`
// in turn, then the merge job's `runno report merge`, in a folder holding the exercises.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO, RUNNO, scratchDir, TEST_CACHE_DIR } from "./helpers";

interface Step {
  run?: string;
}

/** The README's workflow: the YAML block that merges reports. */
function readmeWorkflow(): {
  jobs: { test: { strategy: { matrix: { shard: number[] } }; steps: Step[] }; report: { steps: Step[] } };
} {
  const blocks = [...readFileSync(join(REPO, "README.md"), "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)].map(
    (m) => m[1],
  );
  const block = blocks.find((b) => b.includes("runno report merge"));
  assert.ok(block, "the README has the matrix workflow");
  return parse(block);
}

/** `npx runno ARGS` of a step, run in `cwd`. */
function runStep(command: string, cwd: string) {
  assert.match(command, /^npx runno /);
  const args = command.replace(/^npx runno /, "").split(/\s+/);
  return spawnSync(process.execPath, [RUNNO, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 240_000,
    env: { ...process.env, RUNNO_CACHE_DIR: TEST_CACHE_DIR },
  });
}

describe("README: the CI matrix example", function () {
  this.timeout(600_000);

  it("runs every case once over the shards, and merges their reports into the whole run's", () => {
    const workflow = readmeWorkflow();
    const cwd = scratchDir("runno-matrix-");
    // Two of the exercise folders stand for a course's: the commands are as written.
    for (const runtime of ["python", "quickjs"])
      cpSync(join(REPO, "fixtures/exercises", runtime), join(cwd, "fixtures/exercises", runtime), { recursive: true });
    const shardStep = workflow.jobs.test.steps.find((s) => s.run?.includes("runno test"))!.run!;
    const shards = workflow.jobs.test.strategy.matrix.shard;
    for (const shard of shards) {
      const r = runStep(shardStep.replaceAll("${{ matrix.shard }}", String(shard)), cwd);
      // The buggy solutions fail in some shard: 1 there, 0 elsewhere.
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
    }
    const merge = runStep(workflow.jobs.report.steps.find((s) => s.run?.includes("runno report merge"))!.run!, cwd);
    assert.equal(merge.status, 1, merge.stderr);

    const whole = runStep("npx runno test fixtures/exercises --reporter json --output whole.json", cwd);
    assert.equal(whole.status, 1, whole.stderr);
    const timeless = (file: string) =>
      JSON.parse(readFileSync(join(cwd, file), "utf8"), (key, value) => (key === "durationMs" ? 0 : value));
    assert.deepEqual(timeless("report.json"), timeless("whole.json"));
    const sharded = shards.flatMap((shard) =>
      timeless(`report-${shard}.json`).files.flatMap((f: { path: string; cases: { name: string }[] }) =>
        f.cases.map((c) => `${f.path}#${c.name}`),
      ),
    );
    assert.equal(new Set(sharded).size, sharded.length, "no case ran twice");
    assert.equal(
      sharded.length,
      timeless("whole.json").files.reduce((n: number, f: { cases: unknown[] }) => n + f.cases.length, 0),
    );
  });
});
