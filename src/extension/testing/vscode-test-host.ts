// The test runner's view of the workspace: paths are URI strings, files come through workspace.fs.
import * as vscode from "vscode";
import type { FileMap } from "../../engine/api";
import type { TestHost } from "../../testing/host";
import { readSettings } from "../settings";
import { describeLeftOut, mountFolder } from "../workspace-files";

export class VscodeTestHost implements TestHost {
  /** Each folder is read once per test run, however many test files share it. */
  private readonly folders = new Map<string, Promise<FileMap>>();

  constructor(private readonly warn: (message: string) => void) {}

  async readText(path: string): Promise<string> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === path);
    if (document) return document.getText();
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(path)));
  }

  dirname(path: string): string {
    return vscode.Uri.joinPath(vscode.Uri.parse(path), "..").toString();
  }

  mountFolder(folder: string): Promise<FileMap> {
    let mounted = this.folders.get(folder);
    if (!mounted) {
      mounted = (async () => {
        const uri = vscode.Uri.parse(folder);
        const settings = readSettings(uri);
        const result = await mountFolder(uri, { exclude: settings.mountExclude, maxBytes: settings.mountMaxBytes });
        const leftOut = describeLeftOut(result, settings.mountMaxBytes);
        if (leftOut) this.warn(leftOut);
        return result.files;
      })();
      this.folders.set(folder, mounted);
    }
    return mounted.then((files) => new Map(files));
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
