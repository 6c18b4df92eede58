// The host's side of the worker's file progress reports (worker/file-progress.ts): the files
// a job had written when last reported, for a job stopped from outside.
import type { ChangedFiles } from "./api";
import type { FileProgressReport } from "./wire/protocol";

export class FilesSoFar {
  private latest: ChangedFiles = { files: [], truncated: false, leftOut: [] };

  update(report: FileProgressReport): void {
    const before = new Map(this.latest.files.map(({ path, data }) => [path, data]));
    const files = report.files.flatMap(({ path, data }) => {
      const bytes = data ?? before.get(path);
      return bytes ? [{ path, data: bytes }] : [];
    });
    this.latest = { files, truncated: report.truncated, leftOut: report.leftOut };
  }

  /** The files as last reported, marked partial. */
  partial(): ChangedFiles {
    return { ...this.latest, partial: true };
  }
}
