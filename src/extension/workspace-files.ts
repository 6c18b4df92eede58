/**
 * A workspace folder as the program's filesystem, read through `vscode.workspace.fs` so
 * virtual workspaces work too. Honours `files.exclude` and `runno.mount.exclude`, caps the
 * total size, and says what was left out. The run file's own folder is read first, so it
 * is always there.
 */
import * as vscode from "vscode";
import { escapeGuestText, formatBytes, type FileMap } from "../engine";

/** Files considered at most: findFiles on a huge folder is slow, and so is reading them all. */
const MAX_FILES = 20_000;

export interface Mounted {
  files: FileMap;
  /** Workspace-relative paths of files left out over the size cap. */
  leftOut: string[];
  bytes: number;
}

/** Files of `root` as guest paths under `/`, with `first` (a folder under root) read first. */
export async function mountFolder(
  root: vscode.Uri,
  options: { exclude: string[]; maxBytes: number; first?: vscode.Uri; skip?: (relative: string) => boolean },
): Promise<Mounted> {
  const excludes = [...filesExclude(root), ...options.exclude];
  const exclude = excludes.length > 0 ? `{${excludes.join(",")}}` : null;
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(root, "**/*"), exclude, MAX_FILES);
  const rootPath = root.path.replace(/\/$/, "");
  const relative = (uri: vscode.Uri) => uri.path.slice(rootPath.length + 1);
  const firstPrefix = options.first ? relative(options.first) + "/" : "";
  const ordered = uris
    .map((uri) => ({ uri, path: relative(uri) }))
    .filter(({ path }) => !options.skip?.(path))
    .sort((a, b) => rank(a.path, firstPrefix) - rank(b.path, firstPrefix) || a.path.localeCompare(b.path));

  const files: FileMap = new Map();
  const leftOut: string[] = [];
  let bytes = 0;
  for (const { uri, path } of ordered) {
    const size = await sizeOf(uri);
    if (size === undefined) continue;
    if (bytes + size > options.maxBytes) {
      leftOut.push(path);
      continue;
    }
    try {
      const data = await vscode.workspace.fs.readFile(uri);
      bytes += data.length;
      files.set("/" + path, data);
    } catch {
      // Unreadable (deleted meanwhile, permissions): the program simply does not see it.
    }
  }
  return { files, leftOut, bytes };
}

/** Files directly in the first folder come first, then the rest of it, then everything else. */
function rank(path: string, firstPrefix: string): number {
  if (!firstPrefix && !path.includes("/")) return 0;
  if (firstPrefix && path.startsWith(firstPrefix)) return path.slice(firstPrefix.length).includes("/") ? 1 : 0;
  return 2;
}

async function sizeOf(uri: vscode.Uri): Promise<number | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return stat.type & vscode.FileType.File ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** The enabled patterns of `files.exclude` (a pattern mapped to `true`; conditions count as on). */
function filesExclude(scope: vscode.Uri): string[] {
  const setting = vscode.workspace.getConfiguration("files", scope).get<Record<string, unknown>>("exclude") ?? {};
  return Object.entries(setting)
    .filter(([, value]) => value === true || (typeof value === "object" && value !== null))
    .map(([pattern]) => pattern);
}

/** A one-line summary of what was left out, or undefined. */
export function describeLeftOut(mounted: Mounted, maxBytes: number): string | undefined {
  if (mounted.leftOut.length === 0) return undefined;
  const shown = escapeGuestText(mounted.leftOut.slice(0, 3).join(", "));
  const more = mounted.leftOut.length > 3 ? ` and ${mounted.leftOut.length - 3} more` : "";
  return `Runno Sandbox left ${mounted.leftOut.length} file(s) out of the sandbox (over the ${formatBytes(maxBytes)} cap, setting runno.mount.maxSize): ${shown}${more}.`;
}

/** A file's text as the user sees it: the open editor's (unsaved edits too), else from disk. */
export async function documentText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
