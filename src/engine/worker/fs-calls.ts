/**
 * The preview1 calls on descriptors and paths where the shim departs from wasmtime: rights
 * and flags in `fd_fdstat_*`, reads and writes refused by the open mode, timestamps, hard
 * links onto an existing name, trailing slashes on a renamed directory, sockets. Arguments
 * arrive decoded and checked (guest-args.ts); each function falls back to the shim's.
 */
import { type Fd, type WASI, wasi } from "@bjorn3/browser_wasi_shim";
import { type FdRights, inoOf, type InodeTimes, RIGHTS } from "./fd-state";
import { directoryOf, SYMLINK_FOLLOW, type Symlinks } from "./symlinks";
import type { ImportFunction } from "./guest-args";
import { SandboxOpenFile } from "./vfs";

const SYNC_FLAGS = wasi.FDFLAGS_DSYNC | wasi.FDFLAGS_RSYNC | wasi.FDFLAGS_SYNC;

export function fsFunctions(
  shim: WASI,
  shimCalls: Record<string, ImportFunction>,
  rights: FdRights,
  times: InodeTimes,
  links: Symlinks,
): Record<string, ImportFunction> {
  const fds = shim.fds as (Fd | undefined)[];
  const memory = () => shim.inst.exports.memory.buffer;
  const decoder = new TextDecoder();
  const path = (ptr: number, len: number) => decoder.decode(new Uint8Array(memory(), ptr, len));
  /** A read or a write the open mode does not allow is EBADF, as in wasmtime. */
  const needs =
    (right: bigint, call: ImportFunction) =>
    (fd: number, ...rest: unknown[]) => {
      const target = fds[fd];
      if (!target) return wasi.ERRNO_BADF;
      if (!rights.allows(target, right)) return wasi.ERRNO_BADF;
      return call(fd, ...rest);
    };
  /** A write that succeeded changes the file's mtime. */
  const touches =
    (call: ImportFunction) =>
    (fd: number, ...rest: unknown[]) => {
      const ret = call(fd, ...rest);
      const ino = ret === wasi.ERRNO_SUCCESS ? inoOf(fds[fd]!) : undefined;
      if (ino !== undefined) times.modified(ino);
      return ret;
    };
  /** A path under a directory fd without links (the last followed when asked), or an errno. */
  const resolve = (fd: Fd, text: string, follow: boolean): string | number => {
    const dir = directoryOf(fd);
    if (!dir) return wasi.ERRNO_NOTDIR;
    const resolved = links.resolve(dir, text, follow);
    return resolved.path ?? resolved.ret;
  };
  const notSocket = (fd: number) => (fds[fd] ? wasi.ERRNO_NOTSOCK : wasi.ERRNO_BADF);

  return {
    fd_fdstat_get(fd: number, ptr: number): number {
      const target = fds[fd];
      if (!target) return wasi.ERRNO_BADF;
      const { ret, fdstat } = target.fd_fdstat_get();
      if (!fdstat) return ret;
      const granted = rights.get(target);
      if (granted) {
        fdstat.fs_rights_base = granted.base;
        fdstat.fs_rights_inherited = granted.inheriting;
      }
      if (target instanceof SandboxOpenFile) fdstat.fs_flags = target.fdflags;
      fdstat.write_bytes(new DataView(memory()), ptr);
      return ret;
    },

    // APPEND and NONBLOCK can change after opening; the sync flags cannot (wasmtime: ENOTSUP).
    fd_fdstat_set_flags(fd: number, flags: number): number {
      const target = fds[fd];
      if (!target) return wasi.ERRNO_BADF;
      if (flags & SYNC_FLAGS) return wasi.ERRNO_NOTSUP;
      if (target instanceof SandboxOpenFile) target.fdflags = flags;
      return wasi.ERRNO_SUCCESS;
    },

    fd_fdstat_set_rights(fd: number, base: bigint, inheriting: bigint): number {
      const target = fds[fd];
      return target ? rights.set(target, base, inheriting) : wasi.ERRNO_BADF;
    },

    fd_read: needs(RIGHTS.FD_READ, shimCalls.fd_read),
    fd_pread: needs(RIGHTS.FD_READ, shimCalls.fd_pread),
    fd_write: touches(needs(RIGHTS.FD_WRITE, shimCalls.fd_write)),
    fd_pwrite: touches(needs(RIGHTS.FD_WRITE, shimCalls.fd_pwrite)),
    fd_allocate: touches(needs(RIGHTS.FD_WRITE, shimCalls.fd_allocate)),
    fd_filestat_set_size: touches(needs(RIGHTS.FD_WRITE, shimCalls.fd_filestat_set_size)),

    fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, flags: number): number {
      const target = fds[fd];
      if (!target) return wasi.ERRNO_BADF;
      const ino = inoOf(target);
      return ino === undefined ? wasi.ERRNO_BADF : times.set(ino, atim, mtim, flags);
    },

    path_filestat_set_times(
      fd: number,
      lookup: number,
      ptr: number,
      len: number,
      atim: bigint,
      mtim: bigint,
      flags: number,
    ): number {
      const dir = fds[fd];
      if (!dir) return wasi.ERRNO_BADF;
      const resolved = resolve(dir, path(ptr, len), (lookup & SYMLINK_FOLLOW) !== 0);
      if (typeof resolved === "number") return resolved;
      const { ret, filestat } = dir.path_filestat_get(lookup, resolved);
      return filestat ? times.set(filestat.ino, atim, mtim, flags) : ret;
    },

    // A link never replaces an existing name (the shim's would).
    path_link(
      oldFd: number,
      lookup: number,
      oldPtr: number,
      oldLen: number,
      newFd: number,
      newPtr: number,
      newLen: number,
    ): number {
      const source = fds[oldFd];
      const target = fds[newFd];
      if (!source || !target) return wasi.ERRNO_BADF;
      const from = resolve(source, path(oldPtr, oldLen), (lookup & SYMLINK_FOLLOW) !== 0);
      const to = resolve(target, path(newPtr, newLen), false);
      if (typeof from === "number") return from;
      if (typeof to === "number") return to;
      if (target.path_filestat_get(0, to).filestat) return wasi.ERRNO_EXIST;
      const { ret, inode_obj } = source.path_lookup(from, 0);
      return inode_obj ? target.path_link(to, inode_obj, false) : ret;
    },

    // Trailing slashes name a directory: allowed on either side when the source is one.
    // Links are not followed: renaming one moves the link.
    path_rename(oldFd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
      const source = fds[oldFd];
      const target = fds[newFd];
      if (!source || !target) return wasi.ERRNO_BADF;
      let from = resolve(source, path(oldPtr, oldLen), false);
      let to = resolve(target, path(newPtr, newLen), false);
      if (typeof from === "number") return from;
      if (typeof to === "number") return to;
      if (from.endsWith("/") || to.endsWith("/")) {
        from = from.replace(/\/+$/, "");
        to = to.replace(/\/+$/, "");
        const stat = source.path_filestat_get(0, from);
        if (!stat.filestat) return stat.ret;
        if (stat.filestat.filetype !== wasi.FILETYPE_DIRECTORY) return wasi.ERRNO_NOTDIR;
      }
      const { ret, inode_obj } = source.path_unlink(from);
      if (!inode_obj) return ret;
      const linked = target.path_link(to, inode_obj, true);
      // Put it back where it was when the new name was refused.
      if (linked !== wasi.ERRNO_SUCCESS) source.path_link(from, inode_obj, true);
      return linked;
    },

    sock_accept: notSocket,
    sock_recv: notSocket,
    sock_send: notSocket,
    sock_shutdown: notSocket,
  };
}
