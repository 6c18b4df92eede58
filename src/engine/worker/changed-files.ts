/**
 * The files a run created or changed, read from its tree once the program ended: what the
 * program wrote for its caller (a plot, a result file). Base layers and inputs the program
 * never wrote are not in it; caps bound what crosses back to the host.
 */
import { Directory } from "@bjorn3/browser_wasi_shim";
import type { ChangedFiles, ChangedFilesLimits } from "../api";
import { SandboxFile } from "./vfs";

/** Files left out are listed up to this many; the rest only set `truncated`. */
const MAX_LISTED_LEFT_OUT = 100;

export function changedFiles(root: Directory, limits: ChangedFilesLimits, exclude: ReadonlySet<string>): ChangedFiles {
  const written: { path: string; file: SandboxFile }[] = [];
  const visit = (dir: Directory, prefix: string) => {
    for (const [name, entry] of dir.contents) {
      const path = `${prefix}/${name}`;
      if (entry instanceof Directory) visit(entry, path);
      else if (entry instanceof SandboxFile && entry.written && !exclude.has(path)) written.push({ path, file: entry });
    }
  };
  visit(root, "");
  written.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const result: ChangedFiles = { files: [], truncated: false, leftOut: [] };
  let bytes = 0;
  for (const { path, file } of written) {
    const size = file.data.length;
    const fits =
      result.files.length < limits.maxFiles && size <= limits.maxFileBytes && bytes + size <= limits.maxTotalBytes;
    if (fits) {
      result.files.push({ path, data: file.data.slice() });
      bytes += size;
    } else {
      result.truncated = true;
      if (result.leftOut.length < MAX_LISTED_LEFT_OUT) result.leftOut.push({ path, size });
    }
  }
  return result;
}
