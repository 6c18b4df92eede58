// What the format readers need from where files live: a part of the runner's TestHost.
export interface FormatHost {
  /** The text of a file; throws when it cannot be read. */
  readText(path: string): Promise<string>;
  /** The host path of `relative` (forward slashes) under `folder`. */
  join(folder: string, relative: string): string;
  /** Files matching a glob relative to `folder`, as paths relative to it (forward slashes), sorted. */
  glob(folder: string, pattern: string): Promise<string[]>;
  /** A file's size in bytes, or undefined when there is no such file. */
  size(path: string): Promise<number | undefined>;
  /** The path from folder `from` to `to`, with forward slashes ("" when the same). */
  relative(from: string, to: string): string;
  /** The folder holding a file. */
  dirname(path: string): string;
}

/** A file's text, or undefined when it does not exist. */
export async function readIfExists(host: FormatHost, path: string): Promise<string | undefined> {
  if ((await host.size(path)) === undefined) return undefined;
  return host.readText(path);
}
