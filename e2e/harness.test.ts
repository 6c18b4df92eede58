// Smoke test of the harness: a throwaway extension in a real VS Code.
import * as assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  clickContextMenuItem,
  clickDialogButton,
  dialogMessage,
  editorText,
  expandTestExplorer,
  notifications,
  openFile,
  readTerminal,
  rightClickExplorerItem,
  runCommand,
  screenshot,
  testExplorerRows,
  typeInTerminal,
  waitFor,
} from "./harness";
import {
  helloCommandTitle,
  helloNotification,
  helloRunTestsTitle,
  helloSuiteLabel,
  helloTerminalLine,
  helloTestLabel,
  packHelloExtension,
} from "./hello-extension";
import { screenshotFailures, suiteFolder, terminalShows as terminalShowsWithin, workbenchFor } from "./suite";

const folder = suiteFolder("runno-e2e-smoke-", async (root) => [
  await packHelloExtension(join(root, "hello-extension")),
]);
screenshotFailures();

/** A folder with one file, in a fresh temporary place. */
function makeWorkspace(name: string): string {
  const workspace = join(folder.root(), name);
  mkdirSync(join(workspace, "src"), { recursive: true });
  writeFileSync(join(workspace, "src", "hello.py"), 'print("hello")\n');
  return workspace;
}

/** The hello extension answers within seconds. */
const terminalShows = (page: Parameters<typeof readTerminal>[0], text: string) =>
  terminalShowsWithin(page, text, 20_000);

describe("harness: Restricted Mode, Node extension host", () => {
  const workbench = workbenchFor(() => ({
    workspace: makeWorkspace("restricted"),
    extensionsDir: folder.extensionsDir(),
    trust: false,
  }));

  it("opens the folder in Restricted Mode", async () => {
    const { page } = workbench();
    await waitFor(
      () => page.locator(".statusbar-item", { hasText: "Restricted Mode" }).isVisible(),
      20_000,
      "the Restricted Mode status item",
    );
  });

  it("runs an extension command from the Command Palette", async () => {
    const { page } = workbench();
    await runCommand(page, helloCommandTitle);
    const screen = await terminalShows(page, helloTerminalLine);
    assert.match(screen, /trusted=false/);
    assert.match(screen, /host=node/);
    await waitFor(async () => (await notifications(page)).includes(helloNotification), 10_000, "the notification");
    await screenshot(page, "e2e-harness-restricted");
  });

  it("opens a workspace file through Quick Open", async () => {
    const { page } = workbench();
    await openFile(page, "src/hello.py");
    await waitFor(async () => (await editorText(page)).includes('print("hello")'), 10_000, "the file's text");
  });

  it("shows a run started by the extension in the Test Explorer, without a prompt", async () => {
    const { page } = workbench();
    await runCommand(page, helloRunTestsTitle);
    await runCommand(page, "View: Show Testing");
    const rows = await waitFor(
      async () => {
        await expandTestExplorer(page);
        const rows = await testExplorerRows(page);
        return rows.some((row) => row.startsWith(`${helloTestLabel} (Passed)`)) && rows;
      },
      20_000,
      "a passed test in the Test Explorer",
    );
    assert.ok(
      rows.some((row) => row.startsWith(`${helloSuiteLabel} (Passed)`)),
      rows.join("\n"),
    );
    assert.equal(await dialogMessage(page), undefined);
  });

  // Last: answering the prompt trusts the folder for the rest of this window.
  it("asks for trust when the Testing view runs the tests", async () => {
    const { page } = workbench();
    await runCommand(page, "Test: Run All Tests");
    const message = await waitFor(() => dialogMessage(page), 10_000, "the Workspace Trust dialog");
    assert.match(message, /trust/i);
    await screenshot(page, "e2e-harness-trust-dialog");
    await clickDialogButton(page, "Trust Folder & Continue");
    await waitFor(async () => !(await dialogMessage(page)), 10_000, "the dialog to close");
    await waitFor(
      () => page.locator(".statusbar-item", { hasText: "Restricted Mode" }).isHidden(),
      10_000,
      "Restricted Mode to end",
    );
  });
});

describe("harness: trusted folder, web worker extension host", () => {
  const workbench = workbenchFor(() => ({
    workspace: makeWorkspace("trusted"),
    extensionsDir: folder.extensionsDir(),
    trust: true,
    // "ui" runs an extension's `browser` entry in the page's web worker extension host.
    settings: { "remote.extensionKind": { "runno-e2e.e2e-hello": ["ui"] } },
  }));

  it("runs the browser entry, trusted", async () => {
    const { page } = workbench();
    await runCommand(page, helloCommandTitle);
    const screen = await terminalShows(page, helloTerminalLine);
    assert.match(screen, /trusted=true/);
    assert.match(screen, /host=web/);
  });

  it("opens a shell from the Explorer's context menu and types into it", async () => {
    const { page } = workbench();
    await rightClickExplorerItem(page, "src");
    await clickContextMenuItem(page, "Open in Integrated Terminal");
    // Until the shell's terminal replaces it on screen, typing would go to the pseudoterminal.
    await waitFor(async () => !(await readTerminal(page)).includes(helloTerminalLine), 10_000, "the shell's terminal");
    await typeInTerminal(page, "echo $((6 * 7)) in $(basename $PWD)\n");
    await terminalShows(page, "42 in src");
    await screenshot(page, "e2e-harness-trusted");
  });
});
