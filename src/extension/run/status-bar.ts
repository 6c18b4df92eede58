// The status bar item of a running program: its name and elapsed time; a click stops it.
import * as vscode from "vscode";

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("runno.running", vscode.StatusBarAlignment.Left, 100);
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    this.item.name = "Runno Sandbox: running program";
    this.item.command = "runno.stop";
  }

  show(label: string): void {
    const started = Date.now();
    const update = () => {
      const seconds = Math.floor((Date.now() - started) / 1000);
      this.item.text = `$(loading~spin) ${label} ${seconds} s`;
    };
    update();
    this.item.tooltip = `Running ${label} in the Runno sandbox: click to stop it`;
    clearInterval(this.timer);
    this.timer = setInterval(update, 1000);
    this.item.show();
    void vscode.commands.executeCommand("setContext", "runno.running", true);
  }

  hide(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.item.hide();
    void vscode.commands.executeCommand("setContext", "runno.running", false);
  }

  dispose(): void {
    this.hide();
    this.item.dispose();
  }
}
