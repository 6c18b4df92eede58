/**
 * Symbolic links in the virtual filesystem, which the shim does not have. A path is
 * resolved here, link by link, into a path without links that the shim then walks as it
 * always does; a run that never made a link skips all of this. As in wasmtime: a link's
 * target is relative (an absolute one cannot be followed out of the preopen: ENOTCAPABLE),
 * at most 40 links are followed per lookup (ELOOP), and a path's last link is followed
 * only when the call asks (`LOOKUPFLAGS_SYMLINK_FOLLOW`) or the path ends in a slash.
 */
import { Directory, type Fd, Inode, OpenDirectory, type WASI, wasi } from "@bjorn3/browser_wasi_shim";
import type { Quota } from "./vfs";

const MAX_LINKS = 40;
/** `lookupflags`: follow the path's last link. */
export const SYMLINK_FOLLOW = 1;

export class SandboxSymlink extends Inode {
  constructor(readonly target: string) {
    super();
  }

  stat() {
    return new wasi.Filestat(
      this.ino,
      wasi.FILETYPE_SYMBOLIC_LINK,
      BigInt(new TextEncoder().encode(this.target).length),
    );
  }

  // Reached only when the last link was not to be followed.
  path_open() {
    return { ret: wasi.ERRNO_LOOP, fd_obj: null };
  }
}

export interface Resolved {
  ret: number;
  /** The same place without links (and without `..`), or null with an errno. */
  path: string | null;
}

export class Symlinks {
  /** Links made in this run: none, and every path is taken as it is. */
  private made = 0;

  resolve(dir: Directory, path: string, followLast: boolean): Resolved {
    if (this.made === 0 || path.startsWith("/")) return { ret: wasi.ERRNO_SUCCESS, path };
    const trailingSlash = path.endsWith("/");
    const pending = path.split("/");
    const names: string[] = [];
    const dirs: Directory[] = [dir];
    let links = 0;
    while (pending.length > 0) {
      const name = pending.shift()!;
      if (name === "" || name === ".") continue;
      if (name === "..") {
        if (names.length === 0) return { ret: wasi.ERRNO_NOTCAPABLE, path: null };
        names.pop();
        dirs.pop();
        continue;
      }
      const last = pending.every((rest) => rest === "" || rest === ".");
      const entry: Inode | undefined = dirs[dirs.length - 1].contents.get(name);
      if (entry instanceof SandboxSymlink && (!last || followLast || trailingSlash)) {
        if (++links > MAX_LINKS) return { ret: wasi.ERRNO_LOOP, path: null };
        if (entry.target.startsWith("/")) return { ret: wasi.ERRNO_NOTCAPABLE, path: null };
        pending.unshift(...entry.target.split("/"));
        continue;
      }
      if (!last && !(entry instanceof Directory))
        return { ret: entry ? wasi.ERRNO_NOTDIR : wasi.ERRNO_NOENT, path: null };
      names.push(name);
      dirs.push(entry instanceof Directory ? entry : dirs[dirs.length - 1]);
    }
    if (names.length === 0) return { ret: wasi.ERRNO_SUCCESS, path: "." };
    return { ret: wasi.ERRNO_SUCCESS, path: names.join("/") + (trailingSlash ? "/" : "") };
  }

  /** `path_symlink`: a new link named `path` under `dir`, pointing at `target`. */
  create(dir: Directory, target: string, path: string): number {
    if (target.startsWith("/")) return wasi.ERRNO_NOTCAPABLE;
    const trailingSlash = path.endsWith("/");
    const trimmed = path.replace(/\/+$/, "");
    this.made++;
    const resolved = this.resolve(dir, trimmed, false);
    if (!resolved.path) return resolved.ret;
    const parts = resolved.path.split("/");
    const name = parts.pop()!;
    let parent: Inode | undefined = dir;
    for (const part of parts) parent = parent instanceof Directory ? parent.contents.get(part) : undefined;
    if (!(parent instanceof Directory)) return wasi.ERRNO_NOENT;
    const existing = parent.contents.get(name);
    // As on Linux: a name ending in "/" that exists is EEXIST for a directory, ENOTDIR otherwise.
    if (existing) return trailingSlash && !(existing instanceof Directory) ? wasi.ERRNO_NOTDIR : wasi.ERRNO_EXIST;
    if (trailingSlash || name === "." || name === "..") return wasi.ERRNO_NOENT;
    // A link counts as a file against the run's quota (sandbox directories carry it).
    const quota = (parent as { quota?: Quota }).quota;
    if (quota && !quota.takeFile()) return wasi.ERRNO_NOSPC;
    parent.contents.set(name, new SandboxSymlink(target));
    return wasi.ERRNO_SUCCESS;
  }
}

/** The directory a descriptor opens onto, for path lookups. */
export function directoryOf(fd: Fd | undefined): Directory | undefined {
  return fd instanceof OpenDirectory ? fd.dir : undefined;
}

/**
 * The path calls, resolving links first: `path_symlink` and `path_readlink` for real, and the
 * other path calls with link-free paths. `path_open`, `path_filestat_*` and `path_rename`
 * resolve through `resolveFor` in their own modules.
 */
export function symlinkFunctions(shim: WASI, links: Symlinks) {
  const fds = shim.fds as (Fd | undefined)[];
  const decoder = new TextDecoder();
  const text = (ptr: number, len: number) => decoder.decode(new Uint8Array(shim.inst.exports.memory.buffer, ptr, len));
  /** Decodes, resolves without following the last link, and calls `then` with the result. */
  const onPath = (fd: number, ptr: number, len: number, then: (target: Fd, path: string) => number): number => {
    const target = fds[fd];
    if (!target) return wasi.ERRNO_BADF;
    const dir = directoryOf(target);
    if (!dir) return wasi.ERRNO_NOTDIR;
    const resolved = links.resolve(dir, text(ptr, len), false);
    return resolved.path === null ? resolved.ret : then(target, resolved.path);
  };
  return {
    path_symlink(oldPtr: number, oldLen: number, fd: number, newPtr: number, newLen: number): number {
      const dir = directoryOf(fds[fd]);
      if (!fds[fd]) return wasi.ERRNO_BADF;
      if (!dir) return wasi.ERRNO_NOTDIR;
      return links.create(dir, text(oldPtr, oldLen), text(newPtr, newLen));
    },
    // A buffer shorter than the link's text gets its start, as in wasmtime.
    path_readlink(fd: number, ptr: number, len: number, buf: number, bufLen: number, nreadPtr: number): number {
      return onPath(fd, ptr, len, (target, path) => {
        const { ret, inode_obj } = target.path_lookup(path, 0);
        if (!inode_obj) return ret;
        if (!(inode_obj instanceof SandboxSymlink)) return wasi.ERRNO_INVAL;
        const bytes = new TextEncoder().encode(inode_obj.target).subarray(0, bufLen);
        new Uint8Array(shim.inst.exports.memory.buffer).set(bytes, buf);
        new DataView(shim.inst.exports.memory.buffer).setUint32(nreadPtr, bytes.length, true);
        return wasi.ERRNO_SUCCESS;
      });
    },
    path_create_directory: (fd: number, ptr: number, len: number) =>
      onPath(fd, ptr, len, (t, p) => t.path_create_directory(p)),
    path_remove_directory: (fd: number, ptr: number, len: number) =>
      onPath(fd, ptr, len, (t, p) => t.path_remove_directory(p)),
    path_unlink_file: (fd: number, ptr: number, len: number) => onPath(fd, ptr, len, (t, p) => t.path_unlink_file(p)),
  };
}
