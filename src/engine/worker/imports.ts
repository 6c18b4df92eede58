/**
 * The import object a guest gets: the shim's WASI preview1 functions, with ours where the
 * shim departs from wasmtime (descriptor table, rights, timestamps, links: docs/wasi.md),
 * the legacy `wasi_unstable` names mapped onto them, every one behind the argument checks
 * of guest-args.ts, and a runtime's declared stubs. Nothing else: the host refuses modules
 * that ask for more, or import these with other types, before they get here.
 */
import { strace, type WASI, wasi } from "@bjorn3/browser_wasi_shim";
import { FdRights, InodeTimes } from "./fd-state";
import { environFunctions } from "./environ";
import { fdTableFunctions } from "./fd-table";
import { fsFunctions } from "./fs-calls";
import { symlinkFunctions, Symlinks } from "./symlinks";
import type { StubbedImport } from "../wire/protocol";
import { filestatFunctions } from "./filestat";
import { checkedImports, listSizes, type ImportFunction } from "./guest-args";
import { blockingSleep, makePollOneoff, PREVIEW1_SUBSCRIPTION, timerSleep } from "./poll";
import { StdinFd } from "./stdio";
import { adaptUnstable } from "./wasi-unstable";

export type WasiFunctions = Record<string, ImportFunction>;

export interface ImportOptions {
  openFilesLimit: number;
  stubs: StubbedImport[];
  /** Called before the guest blocks (a sleep, or a wait for stdin), so output reaches the host first. */
  beforeBlocking: () => void;
  /** Log every WASI call to the worker's console (for debugging the sandbox itself). */
  trace: boolean;
  /**
   * JSPI: reads that must wait for stdin, and sleeps, suspend the wasm stack instead of
   * blocking the worker (a browser without shared memory). `_start` must then be called
   * through `WebAssembly.promising`.
   */
  suspend: boolean;
}

export function buildImports(shim: WASI, options: ImportOptions): WebAssembly.Imports {
  const preview1: WasiFunctions = { ...shim.wasiImport };
  const memory = () => shim.inst.exports.memory;

  const rights = new FdRights();
  const times = new InodeTimes();
  const links = new Symlinks();
  Object.assign(preview1, fdTableFunctions(shim, options.openFilesLimit, rights, links));
  Object.assign(preview1, symlinkFunctions(shim, links));
  Object.assign(preview1, environFunctions(shim.env, memory));
  // The shim counts UTF-16 units, not UTF-8 bytes, for non-ASCII arguments.
  preview1.args_sizes_get = (countPtr: number, bytesPtr: number) => {
    const { count, bytes } = listSizes(shim.args);
    const view = new DataView(memory().buffer);
    view.setUint32(countPtr, count, true);
    view.setUint32(bytesPtr, bytes, true);
    return wasi.ERRNO_SUCCESS;
  };

  // Only preopens have a prestat: anything else is EBADF, as in wasmtime (the shim: ENOTSUP).
  const prestatGet = preview1.fd_prestat_get;
  preview1.fd_prestat_get = (fd: number, ptr: number) => {
    const ret = prestatGet(fd, ptr);
    return ret === wasi.ERRNO_NOTSUP ? wasi.ERRNO_BADF : ret;
  };

  // The shim throws a string; wasmtime traps too: there are no signals to deliver.
  preview1.proc_raise = (signal: number) => {
    throw new WebAssembly.RuntimeError(`proc_raise(${signal}): the sandbox has no signals`);
  };

  // The shim's return nothing (found by the fuzzer): the guest read 0 only by chance.
  preview1.sched_yield = () => wasi.ERRNO_SUCCESS;
  const randomGet = preview1.random_get;
  preview1.random_get = (ptr: number, len: number) => (randomGet(ptr, len) as number | undefined) ?? wasi.ERRNO_SUCCESS;

  const sleep = options.suspend ? timerSleep : blockingSleep;
  const stdinOf = (fd: number) => {
    const target = shim.fds[fd];
    return target instanceof StdinFd ? target.reader : undefined;
  };
  preview1.poll_oneoff = makePollOneoff(memory, PREVIEW1_SUBSCRIPTION, options.beforeBlocking, sleep, stdinOf);
  Object.assign(preview1, filestatFunctions(shim, "preview1", times, links));

  // Rights, flags, timestamps, links and sockets as wasmtime has them (fs-calls.ts).
  Object.assign(preview1, fsFunctions(shim, shim.wasiImport, rights, times, links));

  if (options.suspend) preview1.fd_read = awaitStdinFirst(shim, preview1.fd_read, options.beforeBlocking);
  const lists = { args: shim.args, env: shim.env };
  const namespaces = {
    wasi_snapshot_preview1: checkedImports(preview1, "wasi_snapshot_preview1", memory, lists),
    wasi_unstable: checkedImports(
      adaptUnstable(shim, preview1, options.beforeBlocking, sleep, times, stdinOf, links),
      "wasi_unstable",
      memory,
      lists,
    ),
  };
  for (const namespace of Object.values(namespaces)) {
    if (options.suspend) for (const name of ["fd_read", "poll_oneoff"]) namespace[name] = suspending(namespace[name]);
    if (options.trace) Object.assign(namespace, strace(namespace, []));
  }
  const imports: WebAssembly.Imports = { ...namespaces };
  for (const stub of options.stubs) {
    const module = (imports[stub.module] ??= {}) as Record<string, ImportFunction>;
    const message = stub.message;
    module[stub.name] = message
      ? () => {
          throw new StubCalled(message);
        }
      : () => wasi.ERRNO_NOSYS;
  }
  return imports;
}

/** A stub with a message was called: the program stops with it. */
export class StubCalled extends Error {}

/** An `fd_read` that, on stdin with nothing left to read, first awaits the next chunk. */
function awaitStdinFirst(shim: WASI, fdRead: ImportFunction, beforeBlocking: () => void): ImportFunction {
  return (fd: number, ...rest: unknown[]) => {
    const target = shim.fds[fd];
    const stdin = target instanceof StdinFd ? target.reader : undefined;
    if (!stdin?.needsFill()) return fdRead(fd, ...rest);
    beforeBlocking();
    return stdin.fill().then(() => fdRead(fd, ...rest));
  };
}

/** True where the browser has JavaScript Promise Integration. */
export function hasJspi(): boolean {
  const wasm = WebAssembly as unknown as { Suspending?: unknown; promising?: unknown };
  return typeof wasm.Suspending === "function" && typeof wasm.promising === "function";
}

function suspending(fn: ImportFunction): ImportFunction {
  const Suspending = (WebAssembly as unknown as { Suspending: new (fn: ImportFunction) => ImportFunction }).Suspending;
  return new Suspending(fn);
}
