// The test runner's view of the host's disk, for `runno test`.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import { glob } from "tinyglobby";
import { formatBytes, type FileMap } from "../engine";
import { type TestHost, TEST_GLOB } from "../testing";
import { DEFAULT_MOUNT_LIMITS, mountDirectory, MountError } from "./host-files";

const READ_CHUNK = 1024 * 1024;

export class NodeTestHost implements TestHost {
  async readText(path: string): Promise<string> {
    return readFile(path, "utf8");
  }

  dirname(path: string): string {
    return dirname(path);
  }

  join(folder: string, relativePath: string): string {
    return resolve(folder, relativePath);
  }

  async mountFolder(folder: string, skip?: (relative: string) => boolean): Promise<FileMap> {
    const files: FileMap = new Map();
    await mountDirectory(files, folder, "/", DEFAULT_MOUNT_LIMITS, skip);
    return files;
  }

  async glob(folder: string, pattern: string): Promise<string[]> {
    const matches = await glob(pattern, { cwd: folder, onlyFiles: true, dot: false, expandDirectories: false });
    return matches.sort();
  }

  async size(path: string): Promise<number | undefined> {
    const info = await stat(path).catch(() => undefined);
    return info?.isFile() ? info.size : undefined;
  }

  async *read(path: string): AsyncIterable<Uint8Array> {
    // 1 MiB reads: few enough syscalls for hundreds of MB/s, little enough memory per case.
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
      yield new Uint8Array((chunk as Buffer).buffer, (chunk as Buffer).byteOffset, (chunk as Buffer).length);
    }
  }

  async mountPatterns(folder: string, patterns: string[]): Promise<FileMap> {
    const files: FileMap = new Map();
    if (patterns.length === 0) return files;
    const matches = await glob(patterns, {
      cwd: folder,
      absolute: true,
      onlyFiles: true,
      dot: false,
      expandDirectories: false,
    });
    let bytes = 0;
    for (const match of matches) {
      const data = new Uint8Array(await readFile(match));
      bytes += data.length;
      if (bytes > DEFAULT_MOUNT_LIMITS.maxBytes)
        throw new MountError(`files: matches more than ${formatBytes(DEFAULT_MOUNT_LIMITS.maxBytes)}`);
      const parts = relative(folder, match)
        .split(sep)
        .filter((part) => part !== "..");
      files.set("/" + parts.join("/"), data);
    }
    return files;
  }
}

/** Test files under `paths` (files or folders, recursively), sorted; skips heavy folders. */
export async function findTestFiles(paths: string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new MountError(`no such file or folder: ${path}`);
    if (info.isFile()) {
      found.add(absolute);
      continue;
    }
    const matches = await glob(TEST_GLOB, {
      cwd: absolute,
      absolute: true,
      ignore: [...DEFAULT_MOUNT_LIMITS.skipDirs].map((dir) => `**/${dir}/**`),
    });
    for (const match of matches) found.add(match);
  }
  return [...found].sort();
}
