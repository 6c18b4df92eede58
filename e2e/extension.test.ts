// The Runno Sandbox extension in a real VS Code (code-server) in headless Chromium: the .vsix
// built by `npm run package`, in Restricted Mode and in a trusted folder.
import * as assert from "node:assert/strict";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  clickContextMenuItem,
  expandTestExplorer,
  openFile,
  rightClickExplorerItem,
  runCommand,
  screenshot,
  testExplorerRows,
  typeInTerminal,
  waitFor,
  type Workbench,
} from "./harness";
import {
  packagedExtension,
  REPO,
  runChecksAndWait,
  screenshotFailures,
  suiteFolder,
  terminalShows,
  workbenchFor as codeServerFor,
} from "./suite";

/** "ui" makes VS Code run the extension's `browser` entry in the page's web worker host, as vscode.dev does. */
const WEB_HOST = { "remote.extensionKind": { "runno-sandbox.runno-sandbox": ["ui"] } };

const folder = suiteFolder("runno-e2e-ext-", () => [packagedExtension()]);
screenshotFailures();

/** A workspace with a program that asks for input, a C program, and a Python exercise with a buggy solution. */
function makeWorkspace(name: string): string {
  const workspace = join(folder.root(), name);
  mkdirSync(workspace, { recursive: true });
  cpSync(join(REPO, "fixtures", "exercises", "python"), join(workspace, "exercise"), { recursive: true });
  writeFileSync(
    join(workspace, "ask.py"),
    'name = input("What is your name? ")\nprint(f"Hello, {name}!")\nprint(open("data.txt").read().strip())\n',
  );
  writeFileSync(join(workspace, "data.txt"), "read from the workspace\n");
  writeFileSync(join(workspace, "spin.py"), 'print("spinning", flush=True)\nwhile True:\n    pass\n');
  mkdirSync(join(workspace, "broken"));
  writeFileSync(
    join(workspace, "broken", "broken.runno.yaml"),
    "entry: ../ask.py\ntests:\n  - name: greets\n    stdot: Hello\n",
  );
  writeFileSync(
    join(workspace, "hello.c"),
    '#include <stdio.h>\n\nint main(void) {\n  printf("Hello from C\\n");\n  return 0;\n}\n',
  );
  return workspace;
}

async function testRows(
  page: Workbench["page"],
  predicate: (rows: string[]) => boolean,
  what: string,
): Promise<string[]> {
  await runCommand(page, "View: Show Testing");
  return waitFor(
    async () => {
      // Expanded each time: files appear collapsed, and so do files rediscovered during a run.
      await expandTestExplorer(page);
      const rows = await testExplorerRows(page);
      return predicate(rows) && rows;
    },
    120_000,
    what,
  );
}

/** The Test Explorer rows of cases (not files) that have a result. */
function caseRows(rows: string[]): string[] {
  return rows.filter((r) => !r.includes(".runno.yaml") && /\((Passed|Failed)\)/.test(r));
}

/**
 * Opens the buggy exercise's failure: inline on its line as "actual != expected", then its diff
 * peek, with the expected output ("-3") on the left, original side and the actual one ("5") on the right.
 */
async function openFailureDiff(page: Workbench["page"]): Promise<void> {
  await openFile(page, "exercise/buggy.runno.yaml");
  const inline = page.locator(".editor-group-container.active .monaco-editor").getByText("5 != -3").first();
  await waitFor(() => inline.isVisible(), 30_000, "the inline failure message");
  // A click on it opens its peek, which holds a diff editor with both outputs.
  await inline.click();
  const diff = page.locator(".peekview-widget .monaco-diff-editor").first();
  await waitFor(() => diff.isVisible(), 30_000, "the failure's diff editor");
  const side = async (name: "original" | "modified") =>
    (await diff.locator(`.editor.${name} .view-lines`).innerText()).replace(/\u00a0/g, " ").trim();
  assert.deepEqual(
    { expected: await side("original"), actual: await side("modified") },
    { expected: "-3", actual: "5" },
  );
}

/** Opens a fresh workspace in code-server for the tests of one `describe`; returns its workbench. */
function workbenchFor(
  name: string,
  options: { trust: boolean; settings?: Record<string, unknown> },
  make: (name: string) => string = makeWorkspace,
): () => Workbench {
  return codeServerFor(() => ({ workspace: make(name), extensionsDir: folder.extensionsDir(), ...options }));
}

/** The extension's behaviour in Restricted Mode, in either extension host. */
function restrictedModeTests(host: "node" | "web"): void {
  describe(`extension in Restricted Mode (${host === "node" ? "Node" : "web worker"} extension host)`, function () {
    this.timeout(240_000);
    const workbench = workbenchFor(`restricted-${host}`, { trust: false, settings: host === "web" ? WEB_HOST : {} });
    const shot = (name: string) => (host === "node" ? name : `${name}-web`);

    before(async () => {
      const { page } = workbench();
      await waitFor(
        () => page.locator(".statusbar-item", { hasText: "Restricted Mode" }).isVisible(),
        30_000,
        "Restricted Mode",
      );
    });

    it("runs a file from the Explorer's context menu in a terminal that takes input", async () => {
      const { page } = workbench();
      await openFile(page, "ask.py");
      await rightClickExplorerItem(page, "ask.py");
      await clickContextMenuItem(page, "Run in Runno Sandbox");
      await terminalShows(page, "What is your name?");
      await typeInTerminal(page, "Ada\n");
      const screen = await terminalShows(page, /Program exited with code 0 in [\d.]+ s\./);
      assert.match(screen, /What is your name\? Ada/);
      assert.match(screen, /Hello, Ada!/);
      assert.match(screen, /read from the workspace/);
      await screenshot(page, shot("extension-run-restricted"));
    });

    it("runs the exercise checks from the extension, without a trust prompt, and shows pass and fail", async () => {
      const { page } = workbench();
      const message = await runChecksAndWait(page, "exercise/buggy.runno.yaml");
      assert.equal(message, "Exercise checks: 3 passed, 1 failed.");
      assert.equal(await page.locator(".monaco-dialog-box").isVisible(), false, "no Workspace Trust dialog");
      const rows = await testRows(
        page,
        (rows) => rows.some((r) => r.startsWith("adds negative numbers (Failed)")),
        "a failed case in the Test Explorer",
      );
      assert.ok(
        rows.some((r) => r.startsWith("adds two numbers (Passed)")),
        rows.join("\n"),
      );
      await screenshot(page, shot("extension-checks-restricted"));
    });

    it("shows the failing case's diff, expected against actual", async () => {
      const { page } = workbench();
      await openFailureDiff(page);
      await screenshot(page, shot("extension-diff"));
    });
  });
}

restrictedModeTests("node");
restrictedModeTests("web");

describe("extension in a trusted folder (Node extension host)", function () {
  this.timeout(180_000);
  const workbench = workbenchFor("trusted", { trust: true });

  it("runs the checks from the Testing view", async () => {
    const { page } = workbench();
    await runCommand(page, "View: Show Testing");
    await waitFor(async () => (await testExplorerRows(page)).length > 0, 60_000, "the test files in the Test Explorer");
    await runCommand(page, "Test: Run All Tests");
    const rows = caseRows(await testRows(page, (rows) => caseRows(rows).length >= 8, "every case's result"));
    assert.equal(rows.filter((r) => r.includes("(Failed)")).length, 1, rows.join("\n"));
    assert.equal(rows.filter((r) => r.includes("(Passed)")).length, 7, rows.join("\n"));
    await screenshot(page, "extension-testing-view");
  });

  it("shows an invalid test file's problems in the Problems panel at their line", async () => {
    const { page } = workbench();
    await page.keyboard.press("Control+Shift+M");
    const rows = page.locator(".markers-panel .monaco-list-row");
    const row = await waitFor(
      async () => {
        const labels = await rows.evaluateAll((elements) => elements.map((e) => e.getAttribute("aria-label") ?? ""));
        return labels.find((label) => label.includes('unknown test case key "stdot"'));
      },
      60_000,
      "the test file's problem in the Problems panel",
    );
    assert.match(row, /did you mean "stdout"/);
    assert.match(row, /line 4/i);
  });

  it("stops a running program with Ctrl+C in its terminal", async () => {
    const { page } = workbench();
    await openFile(page, "spin.py");
    await runCommand(page, "Runno: Run in Runno Sandbox");
    await terminalShows(page, "spinning");
    await typeInTerminal(page, "\x03");
    const screen = await terminalShows(page, "Stopped: cancelled.", 20_000);
    assert.doesNotMatch(screen, /Timed out/);
  });

  it("compiles and runs a C file from the Command Palette", async () => {
    const { page } = workbench();
    await openFile(page, "hello.c");
    await runCommand(page, "Runno: Run in Runno Sandbox");
    const screen = await terminalShows(page, /Program exited with code 0/);
    assert.match(screen, /Hello from C/);
  });
});

describe("extension in the web worker extension host (as on vscode.dev)", function () {
  this.timeout(240_000);
  const workbench = workbenchFor("web", { trust: true, settings: WEB_HOST });

  it("runs a Python file in the terminal and waits for typed input", async () => {
    const { page } = workbench();
    await openFile(page, "ask.py");
    await runCommand(page, "Runno: Run in Runno Sandbox");
    await terminalShows(page, "What is your name?", 120_000);
    await typeInTerminal(page, "Ada\n");
    const screen = await terminalShows(page, /Program exited with code 0/);
    assert.match(screen, /Hello, Ada!/);
    assert.match(screen, /read from the workspace/);
    await screenshot(page, "extension-web-run");
  });

  it("ran in the web worker extension host, as its log says", async () => {
    const { page } = workbench();
    await runCommand(page, "Runno: Show Log");
    const line = page.getByText("Runno Sandbox activated in the web worker extension host");
    await waitFor(() => line.first().isVisible(), 30_000, "the activation line in the log");
  });

  it("compiles and runs a C file", async () => {
    const { page } = workbench();
    await openFile(page, "hello.c");
    await runCommand(page, "Runno: Run in Runno Sandbox");
    const screen = await terminalShows(page, /Program exited with code 0/, 120_000);
    assert.match(screen, /Hello from C/);
  });

  it("runs the checks from the Testing view and shows the failure as a diff", async () => {
    const { page } = workbench();
    await openFile(page, "exercise/buggy.runno.yaml");
    await runCommand(page, "Test: Run All Tests");
    const rows = caseRows(await testRows(page, (rows) => caseRows(rows).length >= 8, "every case's result"));
    assert.equal(rows.filter((r) => r.includes("(Failed)")).length, 1, rows.join("\n"));
    await openFailureDiff(page);
    await screenshot(page, "extension-web-checks");
  });
});

/** A C++17 program that reads numbers and reports bad ones through exceptions, with its checks. */
function makeCxxWorkspace(name: string): string {
  const workspace = join(folder.root(), name);
  mkdirSync(workspace, { recursive: true });
  writeFileSync(
    join(workspace, "parse.cpp"),
    [
      "#include <bits/stdc++.h>",
      "using namespace std;",
      "int main() {",
      "  string word;",
      "  long long total = 0;",
      '  cout << "numbers? ";  // flushed when cin reads: cin is tied to cout',
      "  while (cin >> word) {",
      "    try {",
      "      total += stoi(word);",
      "    } catch (const invalid_argument& e) {",
      '      cout << "skipped " << quoted(word) << " (" << e.what() << ")\\n";',
      "    }",
      "  }",
      "  try {",
      "    auto [q, r] = lldiv(total, 2);",
      '    if (r != 0) throw runtime_error("odd total " + to_string(total));',
      '    cout << "total " << total << ", half " << q << \'\\n\';',
      "  } catch (const exception& e) {",
      "    cout << \"error: \" << e.what() << '\\n';",
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(workspace, "parse.runno.yaml"),
    [
      "entry: parse.cpp",
      "tests:",
      "  - name: skips words that are not numbers",
      '    stdin: "4 x 6\\n"',
      "    stdout: |",
      '      numbers? skipped "x" (stoi: no conversion)',
      "      total 10, half 5",
      "  - name: throws and catches its own exception on an odd total",
      '    stdin: "3\\n"',
      '    stdout: "numbers? error: odd total 3\\n"',
      "",
    ].join("\n"),
  );
  return workspace;
}

describe("C++ with exceptions in the extension (Node extension host, trusted)", function () {
  this.timeout(300_000);
  const workbench = workbenchFor("cxx", { trust: true }, makeCxxWorkspace);

  it("compiles and runs a C++17 program with exceptions in the terminal, with typed input", async () => {
    const { page } = workbench();
    await openFile(page, "parse.cpp");
    await runCommand(page, "Runno: Run in Runno Sandbox");
    await terminalShows(page, "numbers?", 240_000);
    await typeInTerminal(page, "4 x 6\n\x04");
    const screen = await terminalShows(page, /Program exited with code 0/, 240_000);
    assert.match(screen, /skipped "x" \(stoi: no conversion\)/);
    assert.match(screen, /total 10, half 5/);
  });

  it("runs its checks from the Testing view: the library's and the program's own exceptions caught", async () => {
    const { page } = workbench();
    await runCommand(page, "View: Show Testing");
    await waitFor(async () => (await testExplorerRows(page)).length > 0, 60_000, "the test file in the Test Explorer");
    await runCommand(page, "Test: Run All Tests");
    const rows = caseRows(await testRows(page, (rows) => caseRows(rows).length >= 2, "both cases' results"));
    assert.equal(rows.filter((r) => r.includes("(Passed)")).length, 2, rows.join("\n"));
  });
});
