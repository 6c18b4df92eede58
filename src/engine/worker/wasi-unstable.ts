/**
 * The legacy `wasi_unstable` (snapshot 0) namespace, which sqlite.wasm imports, mapped onto
 * preview1. Same functions and numbers except: `fd_seek`'s whence values, the `filestat`
 * layout (nlink was u32, so later fields sit 8 bytes earlier) and the clock subscription.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";
import { makePollOneoff, UNSTABLE_SUBSCRIPTION } from "./poll";

type ImportFunction = (...args: any[]) => unknown;

// snapshot 0: CUR = 0, END = 1, SET = 2.
const WHENCE_FROM_UNSTABLE = [wasi.WHENCE_CUR, wasi.WHENCE_END, wasi.WHENCE_SET];
const PREVIEW1_FILESTAT_SIZE = 64;
const UNSTABLE_FILESTAT_SIZE = 56;

export function adaptUnstable(
  preview1: Record<string, ImportFunction>,
  memory: () => WebAssembly.Memory,
  beforeBlocking: () => void,
): Record<string, ImportFunction> {
  /** Run a preview1 filestat call at `ptr` and rewrite its result in the old layout, in place. */
  const withUnstableFilestat = (call: () => unknown, ptr: number): unknown => {
    const bytes = new Uint8Array(memory().buffer);
    // The preview1 struct is 8 bytes longer: keep the guest's bytes just past the old one.
    const spill = bytes.slice(ptr + UNSTABLE_FILESTAT_SIZE, ptr + PREVIEW1_FILESTAT_SIZE);
    const ret = call();
    const view = new DataView(memory().buffer);
    if (ret === wasi.ERRNO_SUCCESS) {
      const nlink = view.getBigUint64(ptr + 24, true);
      const tail = new Uint8Array(memory().buffer).slice(ptr + 32, ptr + 64); // size, atim, mtim, ctim
      view.setUint32(ptr + 20, Number(nlink), true);
      new Uint8Array(memory().buffer).set(tail, ptr + 24);
    }
    new Uint8Array(memory().buffer).set(spill, ptr + UNSTABLE_FILESTAT_SIZE);
    return ret;
  };

  return {
    ...preview1,
    fd_seek: (fd: number, offset: bigint, whence: number, out: number) =>
      whence in WHENCE_FROM_UNSTABLE ? preview1.fd_seek(fd, offset, WHENCE_FROM_UNSTABLE[whence], out) : wasi.ERRNO_INVAL,
    fd_filestat_get: (fd: number, ptr: number) => withUnstableFilestat(() => preview1.fd_filestat_get(fd, ptr), ptr),
    path_filestat_get: (fd: number, flags: number, pathPtr: number, pathLen: number, ptr: number) =>
      withUnstableFilestat(() => preview1.path_filestat_get(fd, flags, pathPtr, pathLen, ptr), ptr),
    poll_oneoff: makePollOneoff(memory, UNSTABLE_SUBSCRIPTION, beforeBlocking),
  };
}
