// The WASI fuzzer: every preview1 import called with random arguments, in random
// sequences, against a random virtual filesystem, in this process (thousands of calls a
// second), checking the invariants after each call. Seeded, so a failure can be replayed.
import { WASI, WASIProcExit, wasi } from "@bjorn3/browser_wasi_shim";
import { PREVIEW1, RECORD_BYTES, type Param } from "../src/engine/wire/wasi-abi";
import { buildImports } from "../src/engine/worker/imports";
import { LimitExceeded, OutputFd, OutputSink, StdinFd } from "../src/engine/worker/stdio";
import { Quota, SandboxFile, SandboxPreopen, TreeBuilder } from "../src/engine/worker/vfs";
import { Directory } from "@bjorn3/browser_wasi_shim";
import { random } from "./seeded-random";

export interface FuzzLimits {
  fsBytes: number;
  fsFiles: number;
  openFiles: number;
  outputBytes: number;
}

export interface FuzzFinding {
  seed: number;
  call: string;
  args: unknown[];
  problem: string;
}

const PAGE = 65536;
/** Guest memory of the fuzzed calls: two pages, paths written at 1024, iovecs at 4096. */
const MEMORY_PAGES = 2;
const PATHS_AT = 1024;
const IOVECS_AT = 4096;
const MAX_ERRNO = 76;

const NAMES = ["a", "b", "dir", "file.txt", "..", ".", "x".repeat(300), "sub", "tmp", "f\u00e9", ""];

/** One fuzzing session: a fresh filesystem and WASI instance, then `calls` random calls. */
export function fuzzSession(
  seed: number,
  calls: number,
  limits: FuzzLimits,
  stats?: Map<string, number[]>,
): FuzzFinding[] {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const int = (max: number) => Math.floor(rand() * max);

  const quota = new Quota(limits.fsBytes, limits.fsFiles);
  const tree = new TreeBuilder(quota);
  const randomPath = (depth: number): string =>
    Array.from({ length: 1 + int(depth) }, () => pick(NAMES.slice(0, 4).concat(["sub", "tmp"]))).join("/");
  const existing: string[] = [];
  for (let i = 0; i < 20; i++) {
    const path = randomPath(3);
    existing.push(path);
    if (rand() < 0.3) tree.dir(path);
    else tree.file(path, new Uint8Array(int(200)), rand() < 0.5);
  }
  let outputBytes = 0;
  const sink = new OutputSink(
    { write: (_s, data) => (outputBytes += data.length), flush: () => {} },
    limits.outputBytes,
  );
  const fds = [
    new StdinFd(undefined, false),
    new OutputFd(sink, 1, false),
    new OutputFd(sink, 2, false),
    new SandboxPreopen(".", tree.root),
    new SandboxPreopen("/", tree.root),
  ];
  const shim = new WASI(["prog", "arg"], ["A=1", "B=\u00e9"], fds, { debug: false });
  const memory = new WebAssembly.Memory({ initial: MEMORY_PAGES });
  shim.inst = { exports: { memory } } as unknown as WASI["inst"];
  const imports = buildImports(shim, {
    openFilesLimit: limits.openFiles,
    stubs: [],
    beforeBlocking: () => {},
    trace: false,
    suspend: false,
  });
  const findings: FuzzFinding[] = [];
  const bytes = () => new Uint8Array(memory.buffer);
  const size = () => memory.buffer.byteLength;

  const pointer = () =>
    pick([
      0,
      8,
      64 + int(900),
      int(size()),
      size() - 1 - int(16),
      size(),
      size() + int(64),
      0xffffffff,
      0x80000000,
      0xfffffff0,
    ]);
  const length = () => pick([0, 1, 2, 8, int(64), int(4096), 0xffffffff, 0x7fffffff, 0x10000000]);
  const u64 = () =>
    pick([
      0n,
      1n,
      100n,
      -1n,
      1n << 63n,
      1n << 32n,
      BigInt(int(1 << 30)),
      BigInt(limits.fsBytes) + 1n,
      (1n << 62n) + 5n,
    ]);

  const writePath = (): [number, number] => {
    let path =
      rand() < 0.5
        ? pick(existing)
        : rand() < 0.6
          ? randomPath(4)
          : pick(["/", "", "a/../../b", "a\0b", "dir/", "./", "../x", "//a", "file.txt/"]);
    if (rand() < 0.1) path += "/";
    const encoded = new TextEncoder().encode(path);
    const at = PATHS_AT + int(512);
    bytes().set(encoded.subarray(0, 2048), at);
    return [at, Math.min(encoded.length, 2048)];
  };
  const writeIovecs = (): [number, number] => {
    const count = pick([0, 1, 2, 3, int(16), 0x20000000]);
    const view = new DataView(memory.buffer);
    const at = rand() < 0.9 ? IOVECS_AT + 8 * int(16) : pointer();
    for (let i = 0; i < Math.min(count, 16); i++) {
      const entry = at + 8 * i;
      if (entry + 8 > size()) break;
      const inside = rand() < 0.8;
      view.setUint32(entry, inside ? 8192 + int(8192) : pointer(), true);
      view.setUint32(entry + 4, inside ? int(512) : length(), true);
    }
    return [at, count];
  };
  /** Clock subscriptions get short timeouts: a long sleep is the time limit's business, not a bug. */
  const tameSubscriptions = (at: number, count: number) => {
    const view = new DataView(memory.buffer);
    const stride = RECORD_BYTES.wasi_snapshot_preview1.subscription;
    for (let i = 0; i < Math.min(count, 8); i++) {
      const sub = at + i * stride;
      if (sub + stride > size()) break;
      view.setUint8(sub + 8, int(3));
      view.setBigUint64(sub + 24, BigInt(int(1000)), true);
      view.setUint16(sub + 40, 0, true);
    }
  };

  const argsFor = (name: string, params: Param[]): unknown[] => {
    const args: unknown[] = [];
    for (const param of params) {
      // Path calls mostly on the preopens, descriptor calls mostly on what is open.
      if (param === "fd" && name.startsWith("path_") && rand() < 0.7) args.push(pick([3, 4]));
      else if (param === "fd" && rand() < 0.6) args.push(pick([...(shim.fds as unknown[]).keys()]));
      else if (param === "fd") args.push(pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 200, -1, 0x7fffffff]));
      else if (param === "i32") args.push(rand() < 0.7 ? int(64) : int(0xffffffff) | 0);
      else if (param === "u64" || param === "s64") args.push(u64());
      else if (param === "str") args.push(...(rand() < 0.85 ? writePath() : [pointer(), length()]));
      else if (param === "buf") args.push(...(rand() < 0.7 ? [8192 + int(8192), int(4096)] : [pointer(), length()]));
      else if (param === "iovs") args.push(...writeIovecs());
      else args.push(rand() < 0.8 ? 20000 + 8 * int(4000) : pointer());
    }
    return args;
  };

  const names = Object.keys(PREVIEW1).filter((name) => name !== "proc_exit" || rand() < 0.01);
  // Opening is what makes the other calls reach files: more of it.
  names.push(...Array(6).fill("path_open"));
  const preview1 = imports.wasi_snapshot_preview1 as Record<string, (...args: unknown[]) => unknown>;
  for (let i = 0; i < calls; i++) {
    const name = pick(names);
    const args = argsFor(name, PREVIEW1[name].params);
    if (name === "poll_oneoff") {
      args[2] = pick([0, 1, 2, 3, 0x10000000]);
      tameSubscriptions(args[0] as number, args[2] as number);
    }
    const before = bytes().slice();
    const report = (problem: string) => findings.push({ seed, call: name, args: args.map(String), problem });
    let result: unknown;
    try {
      result = preview1[name](...args);
    } catch (error) {
      if (error instanceof WASIProcExit) return findings;
      if (error instanceof LimitExceeded) return findings;
      // A trap the layer raises on purpose ends the guest, as a trap in its own code would.
      if (error instanceof WebAssembly.RuntimeError) return findings;
      report(`threw ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`);
      return findings;
    }
    if (name === "proc_exit") continue;
    if (stats) {
      const counts = stats.get(name) ?? [0, 0, 0];
      counts[result === wasi.ERRNO_SUCCESS ? 0 : result === wasi.ERRNO_FAULT ? 1 : 2]++;
      stats.set(name, counts);
    }
    if (typeof result !== "number" || !Number.isInteger(result) || result < 0 || result > MAX_ERRNO)
      report(`returned ${String(result)}`);
    if (result === wasi.ERRNO_FAULT && !sameBytes(before, bytes())) report("returned EFAULT after changing memory");
    if (quota.bytesLeft < 0 || quota.filesLeft < 0)
      report(`quota overrun: ${quota.bytesLeft} bytes, ${quota.filesLeft} files left`);
    const used = treeBytes(tree.root);
    if (used > limits.fsBytes + initialBytes(seed)) report(`the filesystem holds ${used} bytes, over the quota`);
    const open = (shim.fds as unknown[]).filter((fd) => fd !== undefined).length;
    if (open > Math.max(limits.openFiles, 5)) report(`${open} descriptors open, over the limit of ${limits.openFiles}`);
    if (outputBytes > limits.outputBytes) report(`${outputBytes} bytes of output, over the limit`);
    if (findings.length > 0) return findings;
  }
  return findings;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Bytes of every file under `dir` (a file linked twice counts twice: an upper bound). */
function treeBytes(dir: Directory, seen = new Set<unknown>()): number {
  let total = 0;
  for (const entry of dir.contents.values()) {
    if (seen.has(entry)) continue;
    seen.add(entry);
    if (entry instanceof Directory) total += treeBytes(entry, seen);
    else if (entry instanceof SandboxFile) total += entry.data.length;
  }
  return total;
}

// The random tree's own files are at most 20 x 200 bytes, outside the quota as a layer's are.
const initialBytes = (_seed: number) => 20 * 200;

export { PAGE };
