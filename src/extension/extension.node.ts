// The extension's entry in VS Code's Node extension host: the engine on worker_threads.
import * as vscode from "vscode";
import { bundledNodePlatform } from "../engine/platform/node";
import { activateRunno } from "./activate";

export function activate(context: vscode.ExtensionContext): void {
  activateRunno(context, {
    host: "node",
    createPlatform: () => bundledNodePlatform(vscode.Uri.joinPath(context.extensionUri, "dist").fsPath),
  });
}

export function deactivate(): void {}
