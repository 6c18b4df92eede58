// A Kattis problem package in the workspace, as it is: a solution next to problem.yaml and the
// package's submissions appear in the Testing view, run against its cases, and a wrong answer
// shows its first differing token. And a *.runno.yaml whose `cases:` glob makes a case per
// input file, each its own item.
import * as assert from "node:assert/strict";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  expandTestExplorer,
  openFile,
  runCommand,
  screenshot,
  testExplorerRows,
  waitFor,
  type Workbench,
} from "./harness";
import { packagedExtension, REPO, runChecksAndWait, screenshotFailures, suiteFolder, workbenchFor } from "./suite";

screenshotFailures();

describe("a problem package in the Testing view", function () {
  this.timeout(240_000);
  const folder = suiteFolder("runno-e2e-judge-", () => [packagedExtension()]);

  const workbench = workbenchFor(() => {
    // The package as written for the tests, with one accepted and one wrong submission.
    const workspace = join(folder.root(), "workspace");
    const pkg = join(workspace, "parity");
    const source = join(REPO, "fixtures", "judge", "parity");
    for (const part of ["problem.yaml", ".timelimit", "data"])
      cpSync(join(source, part), join(pkg, part), { recursive: true });
    for (const submission of ["accepted/parity.c", "wrong_answer/overflow.c"]) {
      mkdirSync(join(pkg, "submissions", submission, ".."), { recursive: true });
      cpSync(join(source, "submissions", submission), join(pkg, "submissions", submission));
    }
    // A student's own attempt next to problem.yaml: a solution of the package too.
    cpSync(join(source, "submissions", "accepted", "parity.py"), join(pkg, "mine.py"));
    writeGeneratedCases(join(workspace, "sums"));
    return { workspace, extensionsDir: folder.extensionsDir(), trust: true };
  });

  it("shows the solution next to problem.yaml and each submission, with the package's cases", async () => {
    const { page } = workbench();
    await runCommand(page, "View: Show Testing");
    const rows = await waitFor(
      async () => {
        await expandTestExplorer(page);
        const rows = await testExplorerRows(page);
        return rows.some((r) => r.includes("overflow.c")) && rows.some((r) => r.startsWith("secret/large/02")) && rows;
      },
      90_000,
      "the package's submissions and cases in the Test Explorer",
    );
    assert.ok(
      rows.some((r) => r.includes("Parity of a sum: parity/submissions/accepted/parity.c")),
      rows.join("\n"),
    );
    assert.ok(
      rows.some((r) => r.includes("Parity of a sum: parity/submissions/wrong_answer/overflow.c")),
      rows.join("\n"),
    );
    assert.ok(
      rows.some((r) => r.includes("Parity of a sum: parity/mine.py")),
      rows.join("\n"),
    );
  });

  it("runs them: the accepted ones pass every case, the wrong answer fails on its first differing token", async () => {
    const { page } = workbench();
    await runCommand(page, "Test: Run All Tests");
    const results = await waitFor(
      async () => {
        await expandTestExplorer(page);
        const rows = (await testExplorerRows(page)).filter(
          (r) => /^(sample|secret)\//.test(r) && /\((Passed|Failed|Errored)\)/.test(r),
        );
        return rows.length >= 15 && rows;
      },
      180_000,
      "the results of the three solutions' cases",
    );
    assert.equal(results.filter((r) => r.includes("(Failed)")).length, 1, results.join("\n"));
    assert.equal(results.filter((r) => r.includes("(Passed)")).length, 14, results.join("\n"));
    assert.ok(
      results.some((r) => r.startsWith("secret/large/02 (Failed)")),
      results.join("\n"),
    );
    await screenshot(page, "extension-problem-package");

    // The failure says which token differs, in the Test Results view (open after a run), and sits on the program.
    await waitFor(
      async () =>
        /expected token "4000000000".{0,40}got "-294967296"/.test(await page.locator(".monaco-workbench").innerText()),
      30_000,
      "the first differing token in the Test Results view",
    );
    await openFile(page, "parity/submissions/wrong_answer/overflow.c");
    const glyph = page.locator(".editor-group-container.active .monaco-editor .codicon-testing-failed-icon");
    await waitFor(() => glyph.first().isVisible(), 30_000, "the failure's mark on the program");
  });

  it("shows a `cases:` glob as one item per input file, runs each, and names the first differing token", async () => {
    const { page } = workbench();
    const message = await runChecksAndWait(page, "sums/sum.runno.yaml");
    assert.equal(message, "Exercise checks: 2 passed, 1 failed.");
    const rows = await generatedRows(page, (rows) => rows.length === 3, "the three generated cases' results");
    assert.deepEqual(
      rows.map((r) => r.replace(/\).*/, ")")).sort(),
      ["data/01 (Passed)", "data/02 (Passed)", "data/03 (Failed)"],
      rows.join("\n"),
    );
    await waitFor(
      async () => /expected token "10".{0,40}got "9"/.test(await page.locator(".monaco-workbench").innerText()),
      30_000,
      "the first differing token of data/03 in the Test Results view",
    );
    await screenshot(page, "extension-generated-cases");
  });

  it("adds an item when a new input file matches the glob, and runs it", async () => {
    const { page } = workbench();
    writeFileSync(join(folder.root(), "workspace", "sums", "data", "04.in"), "100 200 300\n");
    writeFileSync(join(folder.root(), "workspace", "sums", "data", "04.ans"), "600\n");
    await generatedRows(page, (rows) => rows.some((r) => r.startsWith("data/04")), "the new input's item", false);
    await openFile(page, "sums/sum.runno.yaml");
    await runCommand(page, "Runno: Run Exercise Checks");
    await generatedRows(page, (rows) => rows.some((r) => r.startsWith("data/04 (Passed)")), "the new case passed");
  });
});

/**
 * A Python solution summing its input, with a `cases:` entry over data/*.in; data/03.ans is
 * wrong on purpose (4 + 5 is not 10), so one generated case fails on its first token.
 */
function writeGeneratedCases(folder: string): void {
  mkdirSync(join(folder, "data"), { recursive: true });
  writeFileSync(join(folder, "sum.py"), "import sys\nprint(sum(int(w) for w in sys.stdin.read().split()))\n");
  writeFileSync(join(folder, "sum.runno.yaml"), "entry: sum.py\nmatch: tokens\ntests:\n  - cases: data/*.in\n");
  const cases: [string, string, string][] = [
    ["01", "1 2 3\n", "6\n"],
    ["02", "10 20\n", "30\n"],
    ["03", "4 5\n", "10\n"],
  ];
  for (const [name, input, answer] of cases) {
    writeFileSync(join(folder, "data", `${name}.in`), input);
    writeFileSync(join(folder, "data", `${name}.ans`), answer);
  }
}

/** The Test Explorer's rows of generated cases (`data/NN ...`), once `ready` says they are there. */
async function generatedRows(
  page: Workbench["page"],
  ready: (rows: string[]) => boolean,
  what: string,
  withResults = true,
): Promise<string[]> {
  return waitFor(
    async () => {
      await expandTestExplorer(page);
      const rows = (await testExplorerRows(page)).filter(
        (r) => /^data\/\d+/.test(r) && (!withResults || /\((Passed|Failed|Errored)\)/.test(r)),
      );
      return ready(rows) && rows;
    },
    120_000,
    what,
  );
}
