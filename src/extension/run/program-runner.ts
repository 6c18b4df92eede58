/**
 * "Run in Runno Sandbox": runs a file in a terminal of its own, with the workspace folder
 * as the program's filesystem. Also re-run, stop, run with input from a file.
 */
import * as vscode from "vscode";
import {
  type Engine,
  type RunHandle,
  type RunRequest,
  type RunResult,
  describeOutcome,
  formatSeconds,
  escapeGuestText,
} from "../../engine";
import { readSettings } from "../settings";
import { describeLeftOut, mountFolder } from "../workspace-files";
import { SandboxTerminal } from "./sandbox-terminal";
import type { RunStatusBar } from "./status-bar";

interface FileTerminal {
  pty: SandboxTerminal;
  terminal: vscode.Terminal;
}

interface LastRun {
  uri: vscode.Uri;
  stdinFile?: vscode.Uri;
}

export class ProgramRunner implements vscode.Disposable {
  private readonly terminals = new Map<string, FileTerminal>();
  private readonly running = new Map<string, RunHandle>();
  private current: string | undefined;
  private last: LastRun | undefined;

  constructor(
    private readonly engine: () => Engine,
    private readonly statusBar: RunStatusBar,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The runtime of a file: the `runno.runtimes` setting first, then its extension. */
  runtimeFor(uri: vscode.Uri): RunRequest["runtime"] | undefined {
    const name = uri.path.slice(uri.path.lastIndexOf("/") + 1);
    const ext = name.includes(".") ? name.slice(name.lastIndexOf(".")).toLowerCase() : "";
    return readSettings(uri).runtimes[ext] ?? this.engine().runtimeForFile(name);
  }

  async run(uri: vscode.Uri | undefined, stdinFile?: vscode.Uri): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showErrorMessage("Runno Sandbox: open a file to run first.");
      return;
    }
    const runtime = this.runtimeFor(target);
    if (!runtime) {
      const pick = "Pick Runtime…";
      const answer = await vscode.window.showErrorMessage(
        `Runno Sandbox cannot tell how to run ${basename(target)}: no runtime for its extension.`,
        pick,
      );
      if (answer === pick) await vscode.commands.executeCommand("runno.pickRuntime", target);
      return;
    }
    this.last = { uri: target, stdinFile };
    const key = target.toString();
    this.running.get(key)?.cancel();

    const { pty, terminal } = this.terminalFor(target);
    terminal.show(false);
    await pty.whenOpen();
    const settings = readSettings(target);

    const request = await this.request(target, runtime, settings.mountExclude, settings.mountMaxBytes);
    if (!request) return;
    if (stdinFile) {
      try {
        request.stdin = { kind: "bytes", data: await vscode.workspace.fs.readFile(stdinFile) };
      } catch {
        void vscode.window.showErrorMessage(`Runno Sandbox cannot read the input file ${basename(stdinFile)}.`);
        return;
      }
    }
    request.limits = settings.limits;
    request.std = settings.standards[request.runtime];

    const handle = this.engine().start(request, { onOutput: (_stream, data) => pty.output(data) });
    this.running.set(key, handle);
    this.current = key;
    pty.attach(handle, settings.clearTerminal);
    this.statusBar.show(basename(target));
    const result = await handle.result;
    if (this.running.get(key) === handle) this.running.delete(key);
    pty.detach();
    pty.status(endLine(result, stdinFile !== undefined));
    if (this.current === key) this.statusBar.hide();
    if (result.status === "crashed" && result.source === "sandbox")
      this.log.error(`run of ${escapeGuestText(target.toString())}: ${result.message}`);
  }

  async runWithInput(uri: vscode.Uri | undefined): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: "Use as Input",
      title: "Runno Sandbox: the program's stdin",
      defaultUri: target ? vscode.Uri.joinPath(target, "..") : undefined,
    });
    if (picked?.[0]) await this.run(target, picked[0]);
  }

  async rerun(): Promise<void> {
    if (!this.last) {
      void vscode.window.showInformationMessage(
        "Runno Sandbox: nothing has run yet. Use “Run in Runno Sandbox” on a file first.",
      );
      return;
    }
    await this.run(this.last.uri, this.last.stdinFile);
  }

  stop(): void {
    const key = this.current && this.running.has(this.current) ? this.current : [...this.running.keys()].pop();
    if (key) this.running.get(key)?.cancel();
  }

  dispose(): void {
    for (const handle of this.running.values()) handle.cancel();
    for (const { terminal } of this.terminals.values()) terminal.dispose();
  }

  private terminalFor(uri: vscode.Uri): FileTerminal {
    const key = uri.toString();
    const existing = this.terminals.get(key);
    if (existing && existing.terminal.exitStatus === undefined) return existing;
    const pty = new SandboxTerminal(() => {
      this.running.get(key)?.cancel();
      this.terminals.delete(key);
    });
    const terminal = vscode.window.createTerminal({
      name: `Runno: ${basename(uri)}`,
      pty,
      iconPath: new vscode.ThemeIcon("play"),
    });
    const entry = { pty, terminal };
    this.terminals.set(key, entry);
    return entry;
  }

  /** The request for a file: its workspace folder mounted at `/`, its own folder the working directory. */
  private async request(
    uri: vscode.Uri,
    runtime: RunRequest["runtime"],
    exclude: string[],
    maxBytes: number,
  ): Promise<RunRequest | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, "..");
    const fileFolder = vscode.Uri.joinPath(uri, "..");
    const mounted = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: "Runno: reading workspace files" },
      () => mountFolder(folder, { exclude, maxBytes, first: fileFolder }),
    );
    const leftOut = describeLeftOut(mounted, maxBytes);
    if (leftOut) void vscode.window.showWarningMessage(leftOut);
    const entry = "/" + uri.path.slice(folder.path.replace(/\/$/, "").length + 1);
    // Unsaved edits are what the user means to run.
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document) mounted.files.set(entry, new TextEncoder().encode(document.getText()));
    if (!mounted.files.has(entry)) {
      try {
        mounted.files.set(entry, await vscode.workspace.fs.readFile(uri));
      } catch {
        void vscode.window.showErrorMessage(`Runno Sandbox cannot read ${basename(uri)}.`);
        return undefined;
      }
    }
    return { runtime, entry, files: mounted.files, stdin: { kind: "stream" }, tty: true };
  }
}

/** A file's name as our messages show it: workspace names may hold control characters. */
function basename(uri: vscode.Uri): string {
  return escapeGuestText(uri.path.slice(uri.path.lastIndexOf("/") + 1));
}

/** How the run ended, for the terminal's last line. */
function endLine(result: RunResult, inputFromFile: boolean): string {
  const took = formatSeconds(result.durationMs);
  if (result.status === "exited")
    return `Program exited with code ${result.exitCode} in ${took}${inputFromFile ? " (input from file)" : ""}.`;
  const line = describeOutcome(result) ?? result.status;
  return line.charAt(0).toUpperCase() + line.slice(1) + ".";
}
