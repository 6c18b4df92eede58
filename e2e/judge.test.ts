// A Kattis problem package in the workspace, as it is: its submissions appear in the Testing
// view, run against its cases, and a wrong answer shows its first differing token.
import * as assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  expandTestExplorer,
  installExtension,
  openFile,
  openWorkbench,
  runCommand,
  screenshot,
  startCodeServer,
  testExplorerRows,
  waitFor,
  type CodeServer,
  type Workbench,
} from "./harness";

const REPO = resolve(__dirname, "..", "..");
const VSIX = join(REPO, "runno-sandbox.vsix");

describe("a problem package in the Testing view", function () {
  this.timeout(240_000);
  let root: string;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;

  before(async function () {
    this.timeout(180_000);
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
    root = mkdtempSync(join(tmpdir(), "runno-e2e-judge-"));
    const extensionsDir = join(root, "extensions");
    await installExtension(VSIX, extensionsDir);
    // The package as written for the tests, with one accepted and one wrong submission.
    const workspace = join(root, "workspace");
    const pkg = join(workspace, "parity");
    const source = join(REPO, "fixtures", "judge", "parity");
    for (const part of ["problem.yaml", ".timelimit", "data"])
      cpSync(join(source, part), join(pkg, part), { recursive: true });
    for (const submission of ["accepted/parity.c", "wrong_answer/overflow.c"]) {
      mkdirSync(join(pkg, "submissions", submission, ".."), { recursive: true });
      cpSync(join(source, "submissions", submission), join(pkg, "submissions", submission));
    }
    server = await startCodeServer({ workspace, extensionsDir, trust: true });
    workbench = await openWorkbench(server.url);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && workbench)
      await screenshot(workbench.page, `failed-judge-${this.currentTest.title.replace(/\W+/g, "-")}`).catch(() => {});
  });

  it("shows each submission of the package with the package's cases", async () => {
    const { page } = workbench!;
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
  });

  it("runs them: the accepted one passes every case, the wrong answer fails on its first differing token", async () => {
    const { page } = workbench!;
    await runCommand(page, "Test: Run All Tests");
    const results = await waitFor(
      async () => {
        await expandTestExplorer(page);
        const rows = (await testExplorerRows(page)).filter(
          (r) => /^(sample|secret)\//.test(r) && /\((Passed|Failed|Errored)\)/.test(r),
        );
        return rows.length >= 10 && rows;
      },
      180_000,
      "the results of both submissions' cases",
    );
    assert.equal(results.filter((r) => r.includes("(Failed)")).length, 1, results.join("\n"));
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
});
