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
  /** The host path of `relative` (forward slashes, may climb with `../`) under `folder`. */
  join(folder: string, relative: string): string;
  /**
   * Every file under `folder`, keyed by guest path with `folder` as `/` (bounded by the
   * host's limits), but those `skip` accepts (by path relative to `folder`, forward
   * slashes): case data is streamed, never mounted. The runner asks once per folder and run.
   */
  mountFolder(folder: string, skip?: (relative: string) => boolean): Promise<FileMap>;
  /**
   * Files matching `patterns` (paths or globs relative to `folder`), keyed by guest path:
   * their path relative to `folder`, under `/`, with any leading `../` dropped.
   */
  mountPatterns(folder: string, patterns: string[]): Promise<FileMap>;
  /** Files matching a glob relative to `folder`, as paths relative to it, sorted. */
  glob(folder: string, pattern: string): Promise<string[]>;
  /** A file's size in bytes, or undefined when there is no such file. */
  size(path: string): Promise<number | undefined>;
  /** A file's bytes in order, in chunks of a bounded size; throws when it cannot be read. */
  read(path: string): AsyncIterable<Uint8Array>;
}
