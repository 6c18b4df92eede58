/**
 * The descriptor table operations, ours rather than the shim's: the shim reuses freed
 * numbers from a private free list that our own lowest-free allocation could not see (an
 * open after a close in the middle could move another descriptor), and its
 * `fd_renumber(a, a)` closed `a`. Arguments arrive decoded and checked (guest-args.ts).
 */
import { type Fd, OpenDirectory, type WASI, wasi } from "@bjorn3/browser_wasi_shim";
import { RIGHTS, type FdRights } from "./fd-state";
import { directoryOf, SYMLINK_FOLLOW, type Symlinks } from "./symlinks";

/** New files get the lowest free number from here: 0-2 stay stdio's even once closed. */
const FIRST_FILE_FD = 3;

export function fdTableFunctions(shim: WASI, openFilesLimit: number, rights: FdRights, links: Symlinks) {
  const fds = shim.fds as (Fd | undefined)[];
  const decoder = new TextDecoder();
  // Freed slots at the end are dropped, so the table's length is one past its last open fd.
  const trim = () => {
    while (fds.length > 0 && fds[fds.length - 1] === undefined) fds.pop();
  };
  return {
    path_open(
      fd: number,
      dirflags: number,
      pathPtr: number,
      pathLen: number,
      oflags: number,
      rightsBase: bigint,
      rightsInheriting: bigint,
      fdflags: number,
      openedPtr: number,
    ): number {
      const dir = fds[fd];
      if (!dir) return wasi.ERRNO_BADF;
      let open = 0;
      for (const entry of fds) if (entry !== undefined) open++;
      if (open >= openFilesLimit) return wasi.ERRNO_NFILE;
      // Truncating needs the directory's right to (as wasmtime checks rights it was given).
      if (oflags & wasi.OFLAGS_TRUNC && !rights.allows(dir, RIGHTS.PATH_FILESTAT_SET_SIZE))
        return wasi.ERRNO_NOTCAPABLE;
      const memory = shim.inst.exports.memory.buffer;
      let path = decoder.decode(new Uint8Array(memory, pathPtr, pathLen));
      const under = directoryOf(dir);
      if (under) {
        const resolved = links.resolve(under, path, (dirflags & SYMLINK_FOLLOW) !== 0);
        if (resolved.path === null) return resolved.ret;
        path = resolved.path;
      }
      const { ret, fd_obj } = dir.path_open(dirflags, path, oflags, rightsBase, rightsInheriting, fdflags);
      if (ret !== wasi.ERRNO_SUCCESS || !fd_obj) return ret;
      // A directory cannot be opened for writing, as in wasmtime.
      if (fd_obj instanceof OpenDirectory && (rightsBase & RIGHTS.FD_WRITE) !== 0n) {
        fd_obj.fd_close();
        return wasi.ERRNO_ISDIR;
      }
      rights.opened(fd_obj, rightsBase);
      let free = FIRST_FILE_FD;
      while (fds[free] !== undefined) free++;
      fds[free] = fd_obj;
      new DataView(shim.inst.exports.memory.buffer).setUint32(openedPtr, free, true);
      return wasi.ERRNO_SUCCESS;
    },

    fd_close(fd: number): number {
      const target = fds[fd];
      if (!target) return wasi.ERRNO_BADF;
      const ret = target.fd_close();
      fds[fd] = undefined;
      trim();
      return ret;
    },

    // As wasmtime: both must be open; onto itself it changes nothing; onto any other open
    // descriptor (a preopen or stdio included) it closes that one first.
    fd_renumber(from: number, to: number): number {
      const source = fds[from];
      const target = fds[to];
      if (!source || !target) return wasi.ERRNO_BADF;
      if (from === to) return wasi.ERRNO_SUCCESS;
      target.fd_close();
      fds[to] = source;
      fds[from] = undefined;
      trim();
      return wasi.ERRNO_SUCCESS;
    },
  };
}
