// Remembers which files a progressive reporter has printed, so that `end` prints only the
// rest. By path: the CLI passes copies of the results, so object identity does not hold.
import type { FileResult } from "../model";

export class PrintedFiles {
  private readonly paths = new Set<string>();

  /** True the first time a file is seen. */
  add(file: FileResult): boolean {
    if (this.paths.has(file.path)) return false;
    this.paths.add(file.path);
    return true;
  }

  unprinted(files: FileResult[]): FileResult[] {
    return files.filter((file) => this.add(file));
  }
}
