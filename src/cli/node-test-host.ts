// The test runner's view of the host's disk, for `runno test`.
import { readFile, stat } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import { glob } from "tinyglobby";
import type { FileMap } from "../engine/api";
import type { TestHost } from "../testing/host";
import { DEFAULT_MOUNT_LIMITS, mountDirectory, MountError } from "./host-files";

export class NodeTestHost implements TestHost {
  /** Folders are read once per run, however many test files share them. */
  private readonly folders = new Map<string, Promise<FileMap>>();

  async readText(path: string): Promise<string> {
    return readFile(path, "utf8");
  }

  dirname(path: string): string {
    return dirname(path);
  }

  mountFolder(folder: string): Promise<FileMap> {
    let mounted = this.folders.get(folder);
    if (!mounted) {
      mounted = (async () => {
        const files: FileMap = new Map();
        await mountDirectory(files, folder, "/");
        return files;
      })();
      this.folders.set(folder, mounted);
    }
    return mounted.then((files) => new Map(files));
  }

  async mountPatterns(folder: string, patterns: string[]): Promise<FileMap> {
    const files: FileMap = new Map();
    if (patterns.length === 0) return files;
    const matches = await glob(patterns, { cwd: folder, absolute: true, onlyFiles: true, dot: false, expandDirectories: false });
    let bytes = 0;
    for (const match of matches) {
      const data = new Uint8Array(await readFile(match));
      bytes += data.length;
      if (bytes > DEFAULT_MOUNT_LIMITS.maxBytes) throw new MountError(`files: matches more than ${DEFAULT_MOUNT_LIMITS.maxBytes / 1024 / 1024} MiB`);
      const parts = relative(folder, match).split(sep).filter((part) => part !== "..");
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
    const matches = await glob(["**/*.runno.yaml", "**/*.runno.yml"], {
      cwd: absolute,
      absolute: true,
      ignore: [...DEFAULT_MOUNT_LIMITS.skipDirs].map((dir) => `**/${dir}/**`),
    });
    for (const match of matches) found.add(match);
  }
  return [...found].sort();
}
