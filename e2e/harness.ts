// A real VS Code (code-server, VS Code 1.100) in headless Chromium, for end-to-end tests.
// Start a server with startCodeServer, open it with openWorkbench, drive it with the page
// helpers below, and stop both in an `after` hook. Prepare the machine with
// scripts/setup-e2e.sh.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** e2e/ itself: the bundle runs from e2e/dist. */
const e2eDir = resolve(__dirname, "..");
const codeServerBin = join(e2eDir, "node_modules", ".bin", "code-server");
const vsceBin = join(e2eDir, "node_modules", ".bin", "vsce");
/** Screenshots go here; the folder is ignored by git. */
export const artifactsDir = resolve(e2eDir, "..", "test-artifacts");

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Settings every test wants: a quiet, predictable workbench that reads well from the DOM. */
const baseSettings: Record<string, unknown> = {
  // The DOM renderer puts terminal text in .xterm-rows; the WebGL one draws it on a canvas.
  "terminal.integrated.gpuAcceleration": "off",
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "chat.commandCenter.enabled": false,
  "editor.minimap.enabled": false,
  "window.restoreWindows": "none",
};

export interface CodeServerOptions {
  /** The folder VS Code opens. */
  workspace: string;
  /**
   * true: workspace trust is off, so the folder is trusted and no prompt appears.
   * false: Restricted Mode, without the startup modal that would otherwise ask.
   */
  trust: boolean;
  /** Defaults to a new temporary folder. */
  extensionsDir?: string;
  /** Defaults to a new temporary folder. User/settings.json is written into it. */
  userDataDir?: string;
  /** User settings, merged over the harness's defaults. */
  settings?: Record<string, unknown>;
  /** Defaults to a free port. */
  port?: number;
}

export interface CodeServer {
  /** The workbench, with the folder open. */
  url: string;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own stdout and stderr so far. */
  output(): string;
  /** Kills code-server and every process it started; removes the folders the harness made. */
  stop(): Promise<void>;
}

/** Starts code-server on 127.0.0.1 and resolves once it answers HTTP. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const root = mkdtempSync(join(tmpdir(), "runno-e2e-"));
  const userDataDir = options.userDataDir ?? join(root, "user-data");
  const extensionsDir = options.extensionsDir ?? join(root, "extensions");
  mkdirSync(join(userDataDir, "User"), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });

  const trustSettings = options.trust
    ? {}
    : { "security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never" };
  const settings = { ...baseSettings, ...trustSettings, ...options.settings };
  writeFileSync(join(userDataDir, "User", "settings.json"), JSON.stringify(settings, null, 2));

  const port = options.port ?? (await freePort());
  const args = [
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    "--user-data-dir",
    userDataDir,
    "--extensions-dir",
    extensionsDir,
    ...(options.trust ? ["--disable-workspace-trust"] : []),
    resolve(options.workspace),
  ];
  const child = spawnGroup(codeServerBin, args, isolatedEnv(root));
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));

  tempRoots.add(root);
  const server: CodeServer = {
    url: `http://127.0.0.1:${port}/`,
    userDataDir,
    extensionsDir,
    output: () => output,
    async stop() {
      await killGroup(child);
      rmSync(root, { recursive: true, force: true });
      tempRoots.delete(root);
    },
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
        const response = await fetch(`${server.url}healthz`).catch(() => undefined);
        return response?.ok;
      },
      30_000,
      "code-server to answer HTTP",
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Installs a .vsix into extensionsDir, as `code-server --install-extension` does for a user. */
export async function installExtension(vsixPath: string, extensionsDir: string): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "runno-e2e-install-"));
  try {
    const args = [
      "--extensions-dir",
      extensionsDir,
      "--user-data-dir",
      join(root, "user-data"),
      "--install-extension",
      resolve(vsixPath),
    ];
    const { code, output } = await run(codeServerBin, args, isolatedEnv(root));
    if (code !== 0 || !/was successfully installed/.test(output)) {
      throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${code}):\n${output}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Packages the extension in dir with vsce into outFile and returns its path. extraArgs go to
 * `vsce package`, e.g. ["--no-dependencies"] for a bundled extension.
 */
export async function packageExtension(dir: string, outFile: string, extraArgs: string[] = []): Promise<string> {
  // --allow-missing-repository: without a repository field vsce would ask on a terminal.
  const args = ["package", "--allow-missing-repository", "--out", resolve(outFile), ...extraArgs];
  const { code, output } = await run(vsceBin, args, process.env, dir);
  if (code !== 0) throw new Error(`vsce package in ${dir} failed (exit ${code}):\n${output}`);
  return resolve(outFile);
}

export interface Workbench {
  page: Page;
  browser: Browser;
  /** Closes the browser and its processes. */
  close(): Promise<void>;
}

/** Opens the workbench in headless Chromium and resolves once it is laid out. */
export async function openWorkbench(url: string): Promise<Workbench> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox", // Chromium will not start as root with its sandbox on
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    // The status bar is filled once the workbench has restored its parts.
    await page.waitForSelector(".statusbar-item", { timeout: 60_000 });
    return { page, browser, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

// ---- page helpers ----

/** Runs a command from the Command Palette by its exact title, e.g. "Hello: Say Hello". */
export async function runCommand(page: Page, title: string, timeoutMs = 20_000): Promise<void> {
  // A command contributed by an extension appears only after the extension host has
  // registered it, and the palette lists commands when it opens: so reopen until it is there.
  await waitFor(
    async () => {
      await page.keyboard.press("F1");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: 5_000 });
      await input.fill(`>${title}`);
      const row = page
        .locator(".quick-input-list .monaco-list-row", {
          has: page.locator(".monaco-highlighted-label", { hasText: exactly(title) }),
        })
        .first();
      try {
        await row.waitFor({ state: "visible", timeout: 2_000 });
      } catch {
        await page.keyboard.press("Escape");
        return false;
      }
      await row.click();
      return true;
    },
    timeoutMs,
    `command "${title}" in the Command Palette`,
  );
}

/** Opens a workspace file by its path relative to the folder, through Quick Open. */
export async function openFile(page: Page, relativePath: string, timeoutMs = 20_000): Promise<void> {
  const name = basename(relativePath);
  await waitFor(
    async () => {
      await page.keyboard.press("Control+P");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: 5_000 });
      await input.fill(relativePath);
      // File search runs on the server (ripgrep); right after start it may still be indexing.
      const row = page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first();
      try {
        await row.waitFor({ state: "visible", timeout: 3_000 });
      } catch {
        await page.keyboard.press("Escape");
        return false;
      }
      await page.keyboard.press("Enter");
      return true;
    },
    timeoutMs,
    `"${relativePath}" in Quick Open`,
  );
  await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: timeoutMs });
}

/** Text of the active editor's rendered lines (only what is scrolled into view). */
export async function editorText(page: Page): Promise<string> {
  const lines = page.locator(".editor-group-container.active .monaco-editor .view-lines .view-line");
  const texts = await lines.evaluateAll((divs) =>
    divs
      // Lines are absolutely positioned, not in document order.
      .map((div) => ({
        top: parseFloat((div as HTMLElement).style.top),
        text: (div.textContent ?? "").replace(/\u00a0/g, " "),
      }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
  return texts.join("\n");
}

// Each terminal has its own xterm; a hidden one can keep its wrapper's .active class.
const visibleTerminal = ".terminal-wrapper .xterm:visible";

/** Text of the visible terminal (all of them, if split), one line per row, trailing blanks trimmed. */
export async function readTerminal(page: Page): Promise<string> {
  const rows = page.locator(`${visibleTerminal} .xterm-rows > div`);
  const lines = await rows.evaluateAll((divs) =>
    divs.map((div) => (div.textContent ?? "").replace(/\u00a0/g, " ").trimEnd()),
  );
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.join("\n");
}

/** Types into the visible terminal (the first, if split); "\n" presses Enter. */
export async function typeInTerminal(page: Page, text: string): Promise<void> {
  await page.locator(visibleTerminal).first().click();
  await page.keyboard.type(text);
}

/** Messages of the notifications on screen (toasts, and the Notification Center if open). */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator(".notification-list-item-message:visible").allInnerTexts();
}

/** aria-labels of the Test Explorer's rows, e.g. "greets world (Passed), in 12ms". The Testing view must be open. */
export async function testExplorerRows(page: Page): Promise<string[]> {
  const rows = page.locator(".test-explorer .monaco-list-row");
  return rows.evaluateAll((elements) => elements.map((row) => row.getAttribute("aria-label") ?? ""));
}

/**
 * Expands every collapsed row of the Test Explorer, so that tests, not only their files or
 * suites, are rows. The tree is virtual: only rows scrolled into view exist in the DOM.
 */
export async function expandTestExplorer(page: Page): Promise<void> {
  const collapsed = page.locator('.test-explorer .monaco-list-row[aria-expanded="false"]');
  for (let clicks = 0; clicks < 200 && (await collapsed.count()) > 0; clicks++) {
    await collapsed.first().locator(".monaco-tl-twistie").click();
  }
}

/** Right-clicks a row of the Explorer (by its file or folder name), opening the Explorer first. */
export async function rightClickExplorerItem(page: Page, name: string): Promise<void> {
  await runCommand(page, "View: Show Explorer");
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
  await row.click({ button: "right" });
  await page.locator(".context-view .monaco-menu").waitFor({ state: "visible" });
}

/** Clicks an item of the open context menu by its label. */
export async function clickContextMenuItem(page: Page, label: string): Promise<void> {
  // Playwright's CSS selectors go through the menu's shadow root.
  const item = page.locator(".context-view .monaco-menu .action-label", { hasText: exactly(label) });
  await item.waitFor({ state: "visible" });
  // A menu item listens for mouse-up only from 100 ms after it is rendered: earlier clicks are lost.
  await page.waitForTimeout(200);
  await item.click();
  await page.locator(".context-view .monaco-menu").waitFor({ state: "hidden" });
}

/** The message of the open modal dialog (e.g. Workspace Trust's), or undefined. */
export async function dialogMessage(page: Page): Promise<string | undefined> {
  const dialog = page.locator(".monaco-dialog-box");
  if (!(await dialog.isVisible())) return undefined;
  return dialog.locator(".dialog-message").innerText();
}

/** Clicks a button of the open modal dialog, e.g. "Trust Folder & Continue". */
export async function clickDialogButton(page: Page, label: string): Promise<void> {
  await page.locator(".monaco-dialog-box .monaco-button", { hasText: exactly(label) }).click();
}

/** Saves a PNG of the page to test-artifacts/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

type Truthy<T> = Exclude<T, false | 0 | "" | null | undefined>;

/**
 * Polls fn every 100 ms until it returns a truthy value, and returns that value; fails after
 * timeoutMs with `what` and fn's last error in the message. Errors thrown by fn count as "not yet".
 */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs: number, what = "condition"): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

// ---- processes ----

function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

/** code-server keeps its config and state under XDG folders: point them at the test's temp folder. */
function isolatedEnv(root: string): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: join(root, "config"), XDG_DATA_HOME: join(root, "data") };
}

/** Process groups still running and folders of servers not stopped: cleaned up if the test process exits first. */
const liveGroups = new Set<number>();
const tempRoots = new Set<string>();
let exitHooked = false;

function killLiveGroupsOnExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on("exit", () => {
    liveGroups.forEach((pid) => signalGroup(pid, "SIGKILL"));
    tempRoots.forEach((root) => rmSync(root, { recursive: true, force: true }));
  });
  // Without these, a signal ends Node without the "exit" event.
  process.once("SIGTERM", () => process.exit(143));
  process.once("SIGHUP", () => process.exit(129));
}

/** A child in its own process group, so that killGroup reaches everything it starts. */
function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): ChildProcess {
  killLiveGroupsOnExit();
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pid = child.pid;
  if (pid !== undefined) {
    liveGroups.add(pid);
    child.once("exit", () => {
      // The leader is gone but its children may not be: sweep the group once more.
      signalGroup(pid, "SIGKILL");
      liveGroups.delete(pid);
    });
  }
  return child;
}

async function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawnGroup(command, args, env, cwd);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  return { code, output };
}

/** SIGTERM to the whole group, SIGKILL after 5 s if the leader is still there. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((done) => child.once("exit", () => done()));
  signalGroup(child.pid, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
  // Children that outlived the leader (the extension host, the pty host) share its group.
  signalGroup(child.pid, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
