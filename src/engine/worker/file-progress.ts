/**
 * The files a run has written so far, sent to the host while it runs: all that a run stopped
 * from outside (a timeout, a cancel, its worker's crash) can still return, since its worker
 * is terminated with the tree in it. Sent each time the program closes a file it changed,
 * unless reports have already cost more than a share of the run (a program closing thousands
 * of files): then held back until a later close or the program's next wait. A report walks
 * the tree (about a millisecond with a runtime's layers) and copies only the files changed
 * since the one before.
 */
import type { Directory, File } from "@bjorn3/browser_wasi_shim";
import type { ChangedFilesLimits, FileProgressReport } from "../wire/protocol";
import { pickWritten } from "./changed-files";
import type { SandboxFile } from "./vfs";

/** Reports may take this share of the run's time, and this many ms besides. */
const BUDGET_SHARE = 0.1;
const BUDGET_ALLOWANCE_MS = 50;

export class FileProgress {
  private readonly started = performance.now();
  private spentMs = 0;
  private held = false;
  /** What the host was last sent under each path. */
  private sent = new Map<string, { file: SandboxFile; version: number }>();

  constructor(
    private readonly root: Directory,
    private readonly written: ReadonlySet<File>,
    private readonly limits: ChangedFilesLimits,
    private readonly exclude: ReadonlySet<string>,
    private readonly post: (report: FileProgressReport) => void,
  ) {}

  /** A file was closed after a change, removed or renamed. */
  changed(): void {
    const budget = BUDGET_ALLOWANCE_MS + BUDGET_SHARE * (performance.now() - this.started);
    if (this.spentMs > budget) this.held = true;
    else this.send();
  }

  /** The program is about to wait (a sleep, stdin): send what was held back. */
  beforeWaiting(): void {
    if (this.held) this.send();
  }

  private send(): void {
    const start = performance.now();
    const sent = new Map<string, { file: SandboxFile; version: number }>();
    const report = pickWritten(this.root, this.written, this.limits, this.exclude, (path, file) => {
      sent.set(path, { file, version: file.version });
      const before = this.sent.get(path);
      return before?.file === file && before.version === file.version ? undefined : file.data.slice();
    });
    this.sent = sent;
    this.held = false;
    this.post(report);
    this.spentMs += performance.now() - start;
  }
}

/** Has a successful unlink or rename of the guest's report too (the host could still hold the old path). */
export function reportRemovals(imports: WebAssembly.Imports, progress: FileProgress): void {
  for (const namespace of ["wasi_snapshot_preview1", "wasi_unstable"]) {
    const functions = imports[namespace] as Record<string, (...args: unknown[]) => unknown> | undefined;
    for (const name of ["path_unlink_file", "path_rename"]) {
      const call = functions?.[name];
      if (!functions || !call) continue;
      functions[name] = (...args: unknown[]) => {
        const ret = call(...args);
        if (ret === 0) progress.changed();
        return ret;
      };
    }
  }
}
