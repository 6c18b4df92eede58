// The format readers' view of the host's disk, for `runno test` and `runno import`.
import { readFile, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { glob } from "tinyglobby";
import type { FormatHost } from "../testing";
import { DEFAULT_MOUNT_LIMITS } from "./host-files";

const IGNORE = [...DEFAULT_MOUNT_LIMITS.skipDirs].map((dir) => `**/${dir}/**`);

export const nodeFormatHost: FormatHost = {
  readText: (path) => readFile(path, "utf8"),
  join: (folder, path) => join(folder, ...path.split("/")),
  dirname: (path) => dirname(path),
  relative: (from, to) => relative(from, to).split(sep).join("/"),
  async size(path) {
    const info = await stat(path).catch(() => undefined);
    return info?.isFile() ? info.size : undefined;
  },
  async glob(folder, pattern) {
    // Dot folders count: cph keeps its files in .cph/, Classroom in .github/.
    const found = await glob(pattern, {
      cwd: folder,
      dot: true,
      onlyFiles: true,
      ignore: IGNORE,
      expandDirectories: false,
    });
    return found.sort();
  },
};
