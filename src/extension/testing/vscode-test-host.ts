// The test runner's view of the workspace: paths are URI strings, files come through workspace.fs.
import * as vscode from "vscode";
import type { FileMap } from "../../engine";
import type { TestHost } from "../../testing";
import { readSettings } from "../settings";
import { describeLeftOut, documentText, mountFolder } from "../workspace-files";

/** Chunks handed to the runner: workspace.fs reads whole files, the runner streams them on. */
const CHUNK = 1024 * 1024;

export class VscodeTestHost implements TestHost {
  constructor(private readonly warn: (message: string) => void) {}

  readText(path: string): Promise<string> {
    return documentText(vscode.Uri.parse(path));
  }

  dirname(path: string): string {
    return vscode.Uri.joinPath(vscode.Uri.parse(path), "..").toString();
  }

  join(folder: string, relative: string): string {
    return vscode.Uri.joinPath(vscode.Uri.parse(folder), relative).toString();
  }

  async mountFolder(folder: string, skip?: (relative: string) => boolean): Promise<FileMap> {
    const uri = vscode.Uri.parse(folder);
    const settings = readSettings(uri);
    const result = await mountFolder(uri, { exclude: settings.mountExclude, maxBytes: settings.mountMaxBytes, skip });
    const leftOut = describeLeftOut(result, settings.mountMaxBytes);
    if (leftOut) this.warn(leftOut);
    return result.files;
  }

  async mountPatterns(folder: string, patterns: string[]): Promise<FileMap> {
    const files: FileMap = new Map();
    for (const { uri, relative } of await this.find(folder, patterns))
      files.set("/" + relative, await vscode.workspace.fs.readFile(uri));
    return files;
  }

  async glob(folder: string, pattern: string): Promise<string[]> {
    const base = vscode.Uri.parse(folder).path.replace(/\/$/, "");
    return (await this.find(folder, [pattern])).map(({ uri }) => relativePath(base, uri.path)).sort();
  }

  async size(path: string): Promise<number | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(path));
      return stat.type & vscode.FileType.File ? stat.size : undefined;
    } catch {
      return undefined;
    }
  }

  async *read(path: string): AsyncIterable<Uint8Array> {
    const data = await vscode.workspace.fs.readFile(vscode.Uri.parse(path));
    for (let offset = 0; offset < data.length; offset += CHUNK) yield data.subarray(offset, offset + CHUNK);
  }

  /** Files matching patterns; a pattern may climb out of the folder (../shared/*.txt): search from where it points. */
  private async find(folder: string, patterns: string[]): Promise<{ uri: vscode.Uri; relative: string }[]> {
    const base = vscode.Uri.parse(folder);
    const found: { uri: vscode.Uri; relative: string }[] = [];
    for (const pattern of patterns) {
      const ups = pattern.match(/^(?:\.\.\/)+/)?.[0] ?? "";
      const from = ups ? vscode.Uri.joinPath(base, ups) : base;
      const rest = pattern.slice(ups.length);
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(from, rest), null, 10_000)) {
        found.push({ uri, relative: uri.path.slice(from.path.replace(/\/$/, "").length + 1) });
      }
    }
    return found;
  }
}

/** `path` relative to `base`, climbing with `../` when it is outside. */
function relativePath(base: string, path: string): string {
  const from = base.split("/").filter(Boolean);
  const to = path.split("/").filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => ".."), ...to.slice(common)].join("/");
}
