/**
 * The files a run created or changed, read from its tree once the program ended: what the
 * program wrote for its caller (a plot, a result file). Base layers and inputs the program
 * never wrote are not in it; caps bound what crosses back to the host.
 */
import { Directory, type File } from "@bjorn3/browser_wasi_shim";
import type { ChangedFiles, ChangedFilesLimits, FileProgressReport } from "../wire/protocol";
import { SandboxFile } from "./vfs";

/** Files left out are listed up to this many; the rest only set `truncated`. */
const MAX_LISTED_LEFT_OUT = 100;

export function changedFiles(
  root: Directory,
  written: ReadonlySet<File>,
  limits: ChangedFilesLimits,
  exclude: ReadonlySet<string>,
): ChangedFiles {
  const { files, truncated, leftOut } = pickWritten(root, written, limits, exclude, (_, file) => file.data.slice());
  return { files: files.map(({ path, data }) => ({ path, data: data! })), truncated, leftOut };
}

/**
 * The files written so far, in path order, within the caps; `copy` gives a file's bytes,
 * or undefined to send none (a progress report leaves out what the host has already).
 * `written`: every file marked written, so that the walk ends once all are found.
 */
export function pickWritten(
  root: Directory,
  written: ReadonlySet<File>,
  limits: ChangedFilesLimits,
  exclude: ReadonlySet<string>,
  copy: (path: string, file: SandboxFile) => Uint8Array | undefined,
): FileProgressReport {
  const found: { path: string; file: SandboxFile }[] = [];
  const seen = new Set<File>();
  // Newest entries first: the job's folders come after the runtime's layers (a thousand
  // files for Python), and a program's files are mostly there.
  const visit = (dir: Directory, prefix: string) => {
    for (const [name, entry] of [...dir.contents].reverse()) {
      if (seen.size === written.size) return;
      const path = `${prefix}/${name}`;
      if (entry instanceof Directory) visit(entry, path);
      else if (entry instanceof SandboxFile && entry.written) {
        seen.add(entry);
        if (!exclude.has(path)) found.push({ path, file: entry });
      }
    }
  };
  visit(root, "");
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const result: FileProgressReport = { files: [], truncated: false, leftOut: [] };
  let bytes = 0;
  for (const { path, file } of found) {
    const size = file.data.length;
    const fits =
      result.files.length < limits.maxFiles && size <= limits.maxFileBytes && bytes + size <= limits.maxTotalBytes;
    if (fits) {
      result.files.push({ path, data: copy(path, file) });
      bytes += size;
    } else {
      result.truncated = true;
      if (result.leftOut.length < MAX_LISTED_LEFT_OUT) result.leftOut.push({ path, size });
    }
  }
  return result;
}
