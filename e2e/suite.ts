// The set-up every e2e suite shares: a scratch folder with the extensions installed, a
// code-server workbench per `describe`, a screenshot when a test fails, the terminal wait, and
// running a test file's checks.
import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  installExtension,
  notifications,
  openFile,
  openWorkbench,
  readTerminal,
  runCommand,
  screenshot,
  startCodeServer,
  waitFor,
  type CodeServer,
  type CodeServerOptions,
  type Workbench,
} from "./harness";

export const REPO = resolve(__dirname, "..", "..");

/** The .vsix `npm run package` builds; the suites that test the real extension install it. */
export function packagedExtension(): string {
  const vsix = join(REPO, "runno-sandbox.vsix");
  assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
  return vsix;
}

export interface SuiteFolder {
  /** The scratch folder: workspaces go in it. */
  root(): string;
  /** Where the extensions were installed: give it to code-server. */
  extensionsDir(): string;
}

/**
 * A fresh temporary folder for the tests of the enclosing `describe` (or file), with the
 * extensions `extensions` returns installed in it before they run; removed after them.
 */
export function suiteFolder(prefix: string, extensions: (root: string) => string[] | Promise<string[]>): SuiteFolder {
  let root: string | undefined;
  before(async function () {
    this.timeout(180_000);
    root = mkdtempSync(join(tmpdir(), prefix));
    for (const vsix of await extensions(root)) await installExtension(vsix, join(root, "extensions"));
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return { root: () => root!, extensionsDir: () => join(root!, "extensions") };
}

/** The page of the workbench opened last, for the picture of a failed test. */
let currentPage: Workbench["page"] | undefined;

/**
 * Opens code-server on a workspace in a browser for the tests of the enclosing `describe`,
 * closes both after them; returns the workbench. `options` is called once their set-up ran.
 */
export function workbenchFor(options: () => CodeServerOptions | Promise<CodeServerOptions>): () => Workbench {
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  before(async () => {
    server = await startCodeServer(await options());
    workbench = await openWorkbench(server.url);
    currentPage = workbench.page;
  });
  after(async () => {
    await workbench?.close();
    await server?.stop();
  });
  return () => workbench!;
}

/** A failed test leaves a picture of the workbench in test-artifacts/, named after the test. */
export function screenshotFailures(): void {
  afterEach(async function () {
    if (this.currentTest?.state === "failed" && currentPage) {
      await screenshot(currentPage, `failed-${this.currentTest.fullTitle().replace(/\W+/g, "-")}`).catch(() => {});
    }
  });
}

/** Waits until the terminal shows `text`; returns what it shows then. */
export async function terminalShows(
  page: Workbench["page"],
  text: string | RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  return waitFor(
    async () => {
      const screen = await readTerminal(page);
      return (typeof text === "string" ? screen.includes(text) : text.test(screen)) && screen;
    },
    timeoutMs,
    `${text} in the terminal`,
  );
}

/**
 * Opens a test file, runs its checks with "Runno: Run Exercise Checks" and waits for their
 * summary; returns it, e.g. "Exercise checks: 3 passed, 1 failed.".
 */
export async function runChecksAndWait(page: Workbench["page"], testFile: string): Promise<string> {
  await openFile(page, testFile);
  await runCommand(page, "Runno: Run Exercise Checks");
  return waitFor(
    async () => (await notifications(page)).find((n) => n.startsWith("Exercise checks:")),
    120_000,
    "the checks' summary",
  );
}
