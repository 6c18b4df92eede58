/**
 * Copies host directories into the sandbox's file map. Only regular files are read;
 * a symlink is followed only when its target stays inside the mounted directory, so a
 * link cannot expose the rest of the host.
 */
import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import { join, posix, relative, sep } from "node:path";
import { DEFAULT_MOUNT, formatBytes, type FileMap } from "../engine";

export interface MountLimits {
  maxBytes: number;
  maxFiles: number;
  /** Directory names skipped anywhere in the tree. */
  skipDirs: ReadonlySet<string>;
}

export const DEFAULT_MOUNT_LIMITS: MountLimits = {
  ...DEFAULT_MOUNT,
  skipDirs: new Set([".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv"]),
};

export class MountError extends Error {}

/** Adds every file under `hostDir` to `files`, at `guestDir` + its relative path. */
export async function mountDirectory(
  files: FileMap,
  hostDir: string,
  guestDir: string,
  limits: MountLimits = DEFAULT_MOUNT_LIMITS,
  /** Files left out, by path relative to `hostDir` with forward slashes. */
  skip?: (relative: string) => boolean,
): Promise<void> {
  let root: string;
  try {
    root = await realpath(hostDir);
    if (!(await stat(root)).isDirectory()) throw new MountError(`${hostDir} is not a directory`);
  } catch (error) {
    if (error instanceof MountError) throw error;
    throw new MountError(`cannot read directory ${hostDir}`);
  }
  let bytes = 0;
  let count = 0;

  const visit = async (hostPath: string, guestPath: string): Promise<void> => {
    for (const name of await readdir(hostPath)) {
      const child = join(hostPath, name);
      const guestChild = posix.join(guestPath, name);
      let info = await lstat(child);
      if (info.isSymbolicLink()) {
        const target = await realpath(child).catch(() => undefined);
        if (!target || !isInside(root, target)) continue;
        info = await stat(target);
      }
      if (info.isDirectory()) {
        if (!limits.skipDirs.has(name)) await visit(child, guestChild);
      } else if (info.isFile()) {
        if (skip?.(guestChild.slice(guestDir.length).replace(/^\//, ""))) continue;
        bytes += info.size;
        count += 1;
        if (bytes > limits.maxBytes || count > limits.maxFiles) {
          throw new MountError(
            `${hostDir} holds more than ${formatBytes(limits.maxBytes)} or ${limits.maxFiles} files, more than the sandbox mounts; put the program in a smaller folder of its own`,
          );
        }
        files.set(guestChild, new Uint8Array(await readFile(child)));
      }
    }
  };
  await visit(root, guestDir);
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}
