// Runno's language-model tools in a real VS Code (code-server 1.100), in Restricted Mode, on
// both extension hosts: a test-only extension calls vscode.lm.invokeTool for each tool, each
// call's confirmation (code and runtime) is answered in the workbench, and the results checked.
import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { clickDialogButton, runCommand, screenshot, waitFor, type Workbench } from "./harness";
import { LM_EXTENSION_ID, LM_RESULTS_FILE, lmCommandTitle, packLmExtension } from "./lm-extension";
import { packagedExtension, screenshotFailures, suiteFolder, workbenchFor } from "./suite";

screenshotFailures();

interface CallResult {
  parts?: string[];
  error?: string;
}
type Results = Record<string, CallResult> & { host: string; trusted: boolean; tools: string[] };

/** Invokes the tools, answering each confirmation with "Yes"; returns the confirmations and the results. */
async function invokeTools(page: Workbench["page"], workspace: string, shotName?: string) {
  const confirmations: { title: string; detail: string }[] = [];
  await runCommand(page, lmCommandTitle);
  const resultsPath = join(workspace, LM_RESULTS_FILE);
  await waitFor(
    async () => {
      if (existsSync(resultsPath)) return true;
      const dialog = page.locator(".monaco-dialog-box");
      if (!(await dialog.isVisible())) return false;
      const title = await dialog.locator(".dialog-message").innerText();
      const detail = await dialog
        .locator(".dialog-message-detail")
        .innerText()
        .catch(() => "");
      if (shotName && confirmations.length === 0) await screenshot(page, shotName);
      confirmations.push({ title, detail });
      await clickDialogButton(page, "Yes");
      await dialog.waitFor({ state: "hidden", timeout: 10_000 });
      return false;
    },
    180_000,
    "the tools' results",
  );
  return { confirmations, results: JSON.parse(readFileSync(resultsPath, "utf8")) as Results };
}

for (const host of ["node", "web"] as const) {
  describe(`language-model tools in Restricted Mode (${host === "node" ? "Node" : "web worker"} extension host)`, function () {
    this.timeout(300_000);
    const folder = suiteFolder("runno-e2e-lm-", async (root) => [
      packagedExtension(),
      await packLmExtension(join(root, "lm-extension")),
    ]);
    const workspace = () => join(folder.root(), "workspace");
    const workbench = workbenchFor(() => {
      mkdirSync(workspace());
      // "ui": both extensions run in the page's web worker host, as on vscode.dev.
      const settings =
        host === "web"
          ? { "remote.extensionKind": { "runno-sandbox.runno-sandbox": ["ui"], [LM_EXTENSION_ID]: ["ui"] } }
          : {};
      return { workspace: workspace(), extensionsDir: folder.extensionsDir(), trust: false, settings };
    });
    let outcome: Awaited<ReturnType<typeof invokeTools>>;

    before(async () => {
      outcome = await invokeTools(workbench().page, workspace(), host === "node" ? "lm-tool-confirmation" : undefined);
    });

    it("registers both tools, in an untrusted workspace, on this host", () => {
      assert.equal(outcome.results.host, host);
      assert.equal(outcome.results.trusted, false);
      assert.deepEqual(outcome.results.tools.sort(), ["runno_runCode", "runno_runTests"]);
    });

    it("asks to confirm each call, showing the runtime and the code", () => {
      const [python, c, , tests] = outcome.confirmations;
      assert.equal(python.title, "Run Python code in Runno Sandbox?");
      assert.match(python.detail, /no access to this machine, its files or the network/);
      assert.match(python.detail, /print\(f'Hello, \{name\}!'/);
      assert.equal(c.title, "Run C code in Runno Sandbox?");
      assert.match(c.detail, /puts\("from C"\)/);
      assert.equal(tests.title, "Check Python code against 2 example(s) in Runno Sandbox?");
    });

    it("runno_runCode returns the output and the files the program created", () => {
      const { parts, error } = outcome.results.runCode;
      assert.equal(error, undefined);
      assert.match(parts![0], /^The program exited with code 0/);
      assert.match(parts![0], /^Hello, Ada! \['--flag'\] given$/m);
      assert.deepEqual(parts!.slice(1), ["File report.txt (text/plain, 3 bytes):\nADA"]);
      assert.match(outcome.results.runC.parts![0], /exited with code 3[\s\S]*from C/);
    });

    it("runno_runCode enforces the time limit and keeps the output and the files written before it", () => {
      const { parts } = outcome.results.timeout;
      assert.match(parts![0], /timed out: stopped after its limit of 1 s[\s\S]*spinning/);
      assert.match(parts![0], /the run was stopped, so the files are as they were when the program last closed/);
      assert.deepEqual(parts!.slice(1), ["File so-far.txt (text/plain, 7 bytes):\npartial"]);
    });

    it("runno_runTests gives a verdict per case with the diff of a failure", () => {
      const text = outcome.results.runTests.parts![0];
      assert.match(text, /^1 of 2 cases passed, 1 did not\.$/m);
      assert.match(text, /^PASSED small$/m);
      assert.match(text, /^FAILED wrong on purpose: stdout differs/m);
      assert.match(text, /^ {2}- 5$/m);
      assert.match(text, /^ {2}\+ 4$/m);
    });

    it("refuses bad input with an error that says what to fix", () => {
      assert.match(outcome.results.badInput.error ?? "", /invalid runtime/);
    });
  });
}
