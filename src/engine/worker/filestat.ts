/**
 * `fd_filestat_get` / `path_filestat_get` writing the record at the right offsets: the shim
 * 0.4.2 writes the timestamps 2-4 bytes early, so `st_ctime` and friends read as garbage.
 * Timestamps are ours (fd-state.ts): the shim keeps none. Also the older 56-byte layout of `wasi_unstable`, where `nlink` was a u32.
 */
import { type Fd, type WASI, wasi } from "@bjorn3/browser_wasi_shim";
import type { InodeTimes } from "./fd-state";
import { directoryOf, SYMLINK_FOLLOW, type Symlinks } from "./symlinks";

export type FilestatLayout = "preview1" | "unstable";

function writeFilestat(
  view: DataView,
  ptr: number,
  stat: wasi.Filestat,
  layout: FilestatLayout,
  times: InodeTimes,
): void {
  const { atim, mtim, ctim } = times.get(stat.ino);
  view.setBigUint64(ptr, stat.dev, true);
  view.setBigUint64(ptr + 8, stat.ino, true);
  view.setUint8(ptr + 16, stat.filetype);
  if (layout === "preview1") {
    view.setBigUint64(ptr + 24, stat.nlink || 1n, true);
    view.setBigUint64(ptr + 32, stat.size, true);
    view.setBigUint64(ptr + 40, atim, true);
    view.setBigUint64(ptr + 48, mtim, true);
    view.setBigUint64(ptr + 56, ctim, true);
  } else {
    view.setUint32(ptr + 20, Number(stat.nlink || 1n), true);
    view.setBigUint64(ptr + 24, stat.size, true);
    view.setBigUint64(ptr + 32, atim, true);
    view.setBigUint64(ptr + 40, mtim, true);
    view.setBigUint64(ptr + 48, ctim, true);
  }
}

export function filestatFunctions(shim: WASI, layout: FilestatLayout, times: InodeTimes, links: Symlinks) {
  const fd = (n: number): Fd | undefined => shim.fds[n];
  const view = () => new DataView(shim.inst.exports.memory.buffer);
  return {
    fd_filestat_get(n: number, ptr: number): number {
      const target = fd(n);
      if (!target) return wasi.ERRNO_BADF;
      const { ret, filestat } = target.fd_filestat_get();
      if (filestat) writeFilestat(view(), ptr, filestat, layout, times);
      return ret;
    },
    path_filestat_get(n: number, flags: number, pathPtr: number, pathLen: number, ptr: number): number {
      const target = fd(n);
      if (!target) return wasi.ERRNO_BADF;
      const dir = directoryOf(target);
      if (!dir) return wasi.ERRNO_NOTDIR;
      const path = new TextDecoder().decode(new Uint8Array(shim.inst.exports.memory.buffer, pathPtr, pathLen));
      const resolved = links.resolve(dir, path, (flags & SYMLINK_FOLLOW) !== 0);
      if (resolved.path === null) return resolved.ret;
      const { ret, filestat } = target.path_filestat_get(flags, resolved.path);
      if (filestat) writeFilestat(view(), ptr, filestat, layout, times);
      return ret;
    },
  };
}
