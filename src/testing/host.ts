/**
 * What the runner needs from where the files live: the CLI implements it on the host's
 * disk, the extension on `vscode.workspace.fs`. Paths are the host's own strings.
 */
import type { FileMap } from "../engine/api";

export interface TestHost {
  /** The text of a test file; throws with a readable message when it cannot. */
  readText(path: string): Promise<string>;
  /** The folder holding a test file. */
  dirname(path: string): string;
  /**
   * Every file under `folder`, keyed by guest path with `folder` as `/` (bounded by the
   * host's limits). The runner asks once per folder and run.
   */
  mountFolder(folder: string): Promise<FileMap>;
  /**
   * Files matching `patterns` (paths or globs relative to `folder`), keyed by guest path:
   * their path relative to `folder`, under `/`, with any leading `../` dropped.
   */
  mountPatterns(folder: string, patterns: string[]): Promise<FileMap>;
}
