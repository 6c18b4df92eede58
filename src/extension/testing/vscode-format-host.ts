// The format readers' view of the workspace: paths are URI strings, files come through workspace.fs.
import * as vscode from "vscode";
import type { FormatHost } from "../../testing";
import { documentText } from "../workspace-files";

/** Folders never searched for test data: the same as the Test Explorer skips for YAML files. */
const EXCLUDE = "{**/node_modules/**,**/.git/**,**/.venv/**,**/__pycache__/**}";
/** Files listed at most per search: a huge folder is not a problem package. */
const MAX_FILES = 20_000;

export const vscodeFormatHost: FormatHost = {
  readText: (path) => documentText(vscode.Uri.parse(path)),
  join: (folder, relative) => vscode.Uri.joinPath(vscode.Uri.parse(folder), ...relative.split("/")).toString(),
  dirname: (path) => vscode.Uri.joinPath(vscode.Uri.parse(path), "..").toString(),
  relative(from, to) {
    const a = vscode.Uri.parse(from).path.split("/").filter(Boolean);
    const b = vscode.Uri.parse(to).path.split("/").filter(Boolean);
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
  },
  async size(path) {
    try {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(path));
      return stat.type & vscode.FileType.File ? stat.size : undefined;
    } catch {
      return undefined;
    }
  },
  async glob(folder, pattern) {
    const base = vscode.Uri.parse(folder);
    const prefix = base.path.replace(/\/$/, "") + "/";
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(base, pattern), EXCLUDE, MAX_FILES);
    return uris.map((uri) => uri.path.slice(prefix.length)).sort();
  },
};
