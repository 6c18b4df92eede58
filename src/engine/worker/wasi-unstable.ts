/**
 * The legacy `wasi_unstable` (snapshot 0) namespace, which sqlite.wasm, clang.wasm,
 * wasm-ld.wasm and the programs they build import, mapped onto preview1. Same functions
 * and numbers except: `fd_seek`'s whence values, the `filestat` layout (nlink was u32)
 * and the clock subscription of `poll_oneoff`.
 */
import { type WASI, wasi } from "@bjorn3/browser_wasi_shim";
import type { InodeTimes } from "./fd-state";
import { filestatFunctions } from "./filestat";
import type { Symlinks } from "./symlinks";
import type { GuestStdin } from "./guest-stdin";
import type { ImportFunction } from "./guest-args";
import { makePollOneoff, UNSTABLE_SUBSCRIPTION, type Sleep } from "./poll";

// snapshot 0: CUR = 0, END = 1, SET = 2.
const WHENCE_FROM_UNSTABLE = [wasi.WHENCE_CUR, wasi.WHENCE_END, wasi.WHENCE_SET];

export function adaptUnstable(
  shim: WASI,
  preview1: Record<string, ImportFunction>,
  beforeBlocking: () => void,
  sleep: Sleep,
  times: InodeTimes,
  stdinOf: (fd: number) => GuestStdin | undefined,
  links: Symlinks,
): Record<string, ImportFunction> {
  return {
    ...preview1,
    ...filestatFunctions(shim, "unstable", times, links),
    fd_seek: (fd: number, offset: bigint, whence: number, out: number) =>
      whence in WHENCE_FROM_UNSTABLE
        ? preview1.fd_seek(fd, offset, WHENCE_FROM_UNSTABLE[whence], out)
        : wasi.ERRNO_INVAL,
    poll_oneoff: makePollOneoff(() => shim.inst.exports.memory, UNSTABLE_SUBSCRIPTION, beforeBlocking, sleep, stdinOf),
  };
}
