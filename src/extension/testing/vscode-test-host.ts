// The test runner's view of the workspace: paths are URI strings, files come through workspace.fs.
import * as vscode from "vscode";
import type { FileMap } from "../../engine/api";
import type { TestHost } from "../../testing/host";
import { readSettings } from "../settings";
import { describeLeftOut, documentText, mountFolder } from "../workspace-files";

export class VscodeTestHost implements TestHost {
  constructor(private readonly warn: (message: string) => void) {}

  readText(path: string): Promise<string> {
    return documentText(vscode.Uri.parse(path));
  }

  dirname(path: string): string {
    return vscode.Uri.joinPath(vscode.Uri.parse(path), "..").toString();
  }

  async mountFolder(folder: string): Promise<FileMap> {
    const uri = vscode.Uri.parse(folder);
    const settings = readSettings(uri);
    const result = await mountFolder(uri, { exclude: settings.mountExclude, maxBytes: settings.mountMaxBytes });
    const leftOut = describeLeftOut(result, settings.mountMaxBytes);
    if (leftOut) this.warn(leftOut);
    return result.files;
  }

  async mountPatterns(folder: string, patterns: string[]): Promise<FileMap> {
    const files: FileMap = new Map();
    const base = vscode.Uri.parse(folder);
    for (const pattern of patterns) {
      // A pattern may climb out of the folder (../shared/*.txt): search from where it points.
      const ups = pattern.match(/^(?:\.\.\/)+/)?.[0] ?? "";
      const from = ups ? vscode.Uri.joinPath(base, ups) : base;
      const rest = pattern.slice(ups.length);
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(from, rest), null, 1000)) {
        const relative = uri.path.slice(from.path.replace(/\/$/, "").length + 1);
        files.set("/" + relative, await vscode.workspace.fs.readFile(uri));
      }
    }
    return files;
  }
}
