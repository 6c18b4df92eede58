/**
 * Activation, the same on every platform: the entry files only say how the engine reaches
 * workers and runtime files.
 * Everything here is created in `activate` and disposed with the extension; nothing runs at
 * import time.
 */
import * as vscode from "vscode";
import { escapeGuestText, type Engine, MemoryCompileCache, SandboxEngine, type Platform } from "../engine";
import { TEST_FILE_PATTERN, TEST_GLOB } from "../testing";
import { ProgramRunner } from "./run/program-runner";
import { RunStatusBar } from "./run/status-bar";
import { ExerciseCodeLens } from "./testing/code-lens";
import { ExerciseChecks } from "./testing/exercise-checks";
import { registerLanguageModelTools } from "./agent/language-model-tools";

export interface ExtensionPlatform {
  /** Which extension host this is, logged at activation ("node" or "web worker"). */
  host: string;
  createPlatform(): Platform;
}

export function activateRunno(context: vscode.ExtensionContext, platform: ExtensionPlatform): void {
  const log = vscode.window.createOutputChannel("Runno Sandbox", { log: true });
  log.info(`Runno Sandbox activated in the ${platform.host} extension host`);

  let engine: Engine | undefined;
  // Re-running an unchanged C or C++ file, or its checks, reuses the compiled program.
  const getEngine = () =>
    (engine ??= new SandboxEngine(platform.createPlatform(), { compileCache: new MemoryCompileCache() }));
  const statusBar = new RunStatusBar();
  const runner = new ProgramRunner(getEngine, statusBar, log);
  const checks = new ExerciseChecks(getEngine, log);

  const command = (id: string, run: Parameters<typeof vscode.commands.registerCommand>[1]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (error) {
        // One line for the user; the details for whoever reads the log.
        // The message may name workspace files: escaped; the stack's frames are ours.
        const frames = error instanceof Error ? (error.stack ?? "").split("\n").slice(1).join("\n") : "";
        log.error(
          `${id}: ${escapeGuestText(error instanceof Error ? error.message : String(error))}${frames ? `\n${frames}` : ""}`,
        );
        void vscode.window.showErrorMessage(
          `Runno Sandbox: ${escapeGuestText(error instanceof Error ? error.message : String(error))}`,
        );
      }
    });

  const publishCustomExtensions = () => {
    const custom = Object.keys(
      vscode.workspace.getConfiguration("runno").get<Record<string, string>>("runtimes") ?? {},
    );
    void vscode.commands.executeCommand("setContext", "runno.customExtensions", custom);
  };
  publishCustomExtensions();

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("runno.runtimes")) publishCustomExtensions();
    }),
    log,
    statusBar,
    runner,
    checks,
    command("runno.run", (uri?: vscode.Uri) => runner.run(uri)),
    command("runno.runWithInput", (uri?: vscode.Uri) => runner.runWithInput(uri)),
    command("runno.rerun", () => runner.rerun()),
    command("runno.stop", () => runner.stop()),
    command("runno.pickRuntime", (uri?: vscode.Uri) => pickRuntime(getEngine(), uri)),
    command("runno.runChecks", (uri?: vscode.Uri) => checks.runChecks(uri ?? activeTestFile())),
    command("runno.showLog", () => log.show(true)),
    vscode.languages.registerCodeLensProvider({ pattern: TEST_GLOB }, new ExerciseCodeLens()),
    ...registerLanguageModelTools(getEngine),
    { dispose: () => void engine?.dispose() },
  );
}

/** The open *.runno.yaml file, when the command comes from its editor. */
function activeTestFile(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && TEST_FILE_PATTERN.test(uri.path) ? uri : undefined;
}

/** Sets `runno.runtimes` for a file extension. */
async function pickRuntime(engine: Engine, uri?: vscode.Uri): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const name = target?.path.slice(target.path.lastIndexOf("/") + 1) ?? "";
  const suggested = name.includes(".") ? name.slice(name.lastIndexOf(".")) : "";
  const ext = await vscode.window.showInputBox({
    title: "Runno Sandbox: pick the runtime for a file type",
    prompt: "File extension",
    value: suggested,
    validateInput: (value) => (/^\.[\w.+-]+$/.test(value) ? undefined : "An extension such as .py"),
  });
  if (!ext) return;
  const picked = await vscode.window.showQuickPick(
    engine
      .runtimes()
      .map((r) => ({ label: r.name, description: `${r.title} ${r.version}`, detail: r.extensions.join(" ") })),
    { title: `Runtime for ${ext} files` },
  );
  if (!picked) return;
  const config = vscode.workspace.getConfiguration("runno", target);
  const runtimes = { ...(config.get<Record<string, string>>("runtimes") ?? {}), [ext.toLowerCase()]: picked.label };
  const scope = vscode.workspace.workspaceFolders
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config.update("runtimes", runtimes, scope);
  void vscode.window.showInformationMessage(`Runno Sandbox runs ${ext} files with ${picked.label}.`);
}
