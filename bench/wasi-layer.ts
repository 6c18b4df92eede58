/**
 * The cost of our WASI layer per call (argument checks, rights, timestamps, links, the
 * descriptor table) against the bare shim's functions, in this process, on the same
 * virtual filesystem: nanoseconds per call, medians of 5 rounds. `node dist/bench.js --wasi`
 * runs this section alone.
 */
import { WASI } from "@bjorn3/browser_wasi_shim";
import { buildImports, type WasiFunctions } from "../src/engine/worker/imports";
import { NullFd, OutputFd, OutputSink, StdinFd } from "../src/engine/worker/stdio";
import { Quota, SandboxPreopen, TreeBuilder } from "../src/engine/worker/vfs";

export interface WasiLayerRow {
  call: string;
  shimNs: number;
  oursNs: number;
}

const ROUNDS = 5;
const CALLS = 100_000;

type Calls = WasiFunctions;

function setUp(): { ours: Calls; shim: Calls; memory: WebAssembly.Memory } {
  const tree = new TreeBuilder(new Quota(64 * 1024 * 1024, 10_000));
  tree.file("/usr/lib/python/os.py", new Uint8Array(4096), true);
  const memory = new WebAssembly.Memory({ initial: 2 });
  const make = () => {
    const sink = new OutputSink({ write: () => {}, flush: () => {} }, Number.MAX_SAFE_INTEGER);
    const fds = [
      new StdinFd(undefined, false),
      new OutputFd(sink, 1, false),
      new NullFd(),
      new SandboxPreopen(".", tree.root),
      new SandboxPreopen("/", tree.root),
    ];
    const shim = new WASI(["prog"], [], fds, { debug: false });
    shim.inst = { exports: { memory } } as unknown as WASI["inst"];
    return shim;
  };
  const ours = buildImports(make(), {
    openFilesLimit: 256,
    stubs: [],
    beforeBlocking: () => {},
    trace: false,
    suspend: false,
  });
  return { ours: ours.wasi_snapshot_preview1 as Calls, shim: make().wasiImport as Calls, memory };
}

export function benchWasiLayer(): WasiLayerRow[] {
  const { ours, shim, memory } = setUp();
  const view = new DataView(memory.buffer);
  const path = new TextEncoder().encode("usr/lib/python/os.py");
  new Uint8Array(memory.buffer).set(path, 1024);
  view.setUint32(0, 2048, true); // one iovec: 16 bytes at 2048
  view.setUint32(4, 16, true);
  const cases: [string, (calls: Calls) => unknown][] = [
    ["fd_write (16 bytes to stdout)", (c) => c.fd_write(1, 0, 1, 64)],
    ["fd_fdstat_get", (c) => c.fd_fdstat_get(1, 128)],
    ["path_filestat_get (4 components)", (c) => c.path_filestat_get(3, 1, 1024, path.length, 256)],
    [
      "path_open + fd_close",
      (c) => {
        c.path_open(3, 1, 1024, path.length, 0, 2n, 0n, 0, 64);
        c.fd_close(view.getUint32(64, true));
      },
    ],
    ["clock_time_get", (c) => c.clock_time_get(1, 0n, 512)],
  ];
  const time = (calls: Calls, run: (calls: Calls) => unknown) => {
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) run(calls);
    return ((performance.now() - start) * 1e6) / CALLS;
  };
  return cases.map(([call, run]) => {
    const shimNs: number[] = [];
    const oursNs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      shimNs.push(time(shim, run));
      oursNs.push(time(ours, run));
    }
    return { call, shimNs: median(shimNs), oursNs: median(oursNs) };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
}

export function formatWasiLayerReport(rows: WasiLayerRow[]): string {
  const lines = [
    `WASI layer: ns per call, ours (checks, rights, times, links, fd table) vs the bare shim, median of ${ROUNDS} x ${CALLS.toLocaleString("en")} calls`,
    "| call | bare shim | ours | ratio |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.call} | ${r.shimNs} | ${r.oursNs} | ${(r.oursNs / Math.max(1, r.shimNs)).toFixed(2)}x |`),
  ];
  return lines.join("\n");
}
