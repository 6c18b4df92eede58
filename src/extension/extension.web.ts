// The extension's entry in VS Code's web worker extension host (vscode.dev): the engine on
// Web Workers, its script and the runtime files read from the extension's own files.
import * as vscode from "vscode";
import { webPlatform } from "../engine/platform/web";
import { activateRunno } from "./activate";

export function activate(context: vscode.ExtensionContext): void {
  const dist = vscode.Uri.joinPath(context.extensionUri, "dist");
  const read = async (uri: vscode.Uri): Promise<Uint8Array> => vscode.workspace.fs.readFile(uri);
  activateRunno(context, {
    host: "web worker",
    createPlatform: () =>
      webPlatform({
        // A worker script must come from the page's origin: a blob: URL of its text is.
        workerUrl: async () =>
          URL.createObjectURL(
            new Blob([(await read(vscode.Uri.joinPath(dist, "worker.web.js"))) as Uint8Array<ArrayBuffer>], {
              type: "text/javascript",
            }),
          ),
        readAsset: (name) => read(vscode.Uri.joinPath(dist, "langs", name)),
      }),
  });
}

export function deactivate(): void {}
