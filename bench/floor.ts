/**
 * The floor: the least any host must do per run, on the main thread of a process of its
 * own (so the bench's own heap and runno's leftovers do not slow it down), with no
 * worker, no limits and no output streaming. Outside the timed part, as our engine also caches them:
 * reading and compiling the runtime module, and unpacking the base filesystem's tar.gz.
 * Inside it: building the run's file tree over the shared bytes (our engine does that per
 * run too), a fresh WASI, instantiate and `_start`.
 */
import {
  ConsoleStdout,
  Directory,
  File,
  OpenFile,
  PreopenDirectory,
  WASI,
  type Inode,
} from "@bjorn3/browser_wasi_shim";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseTarGzip } from "nanotar";
import { RuntimeRegistry } from "../src/engine/runtimes";
import { callReactor } from "../src/engine/worker/reactor";
import { inChild } from "./child";
import { greeted, type BenchRuntime, type HelloProgram } from "./programs";

interface FloorSpec {
  binary: string;
  layer?: string;
  argv: (entry: string) => string[];
  env?: string[];
  /** A reactor: driven by its descriptor's calls, as the engine drives it, instead of `_start`. */
  reactor?: boolean;
}

const SPECS: Partial<Record<BenchRuntime, FloorSpec>> = {
  // The binary as shipped: its standard library is the zip inside it.
  python: {
    binary: "python-3.12.0.wasm",
    argv: (entry) => ["python", entry],
    env: ["PYTHONDONTWRITEBYTECODE=1"],
  },
  ruby: {
    binary: "ruby-3.4.1.wasm",
    layer: "ruby-3.4.1-main.tar.gz",
    argv: (entry) => ["ruby", "--disable-gems", "-EUTF-8", "-C", "/", "-e_=0", "--", entry],
    reactor: true,
  },
  quickjs: { binary: "wasmedge_quickjs.wasm", argv: (entry) => ["quickjs", entry] },
  "php-cgi": { binary: "php-cgi-8.2.0.wasm", argv: (entry) => ["php", "-q", entry] },
};

/** Why a runtime has no floor: the shim alone cannot run it. */
const WHY_NOT = (runtime: string) =>
  runtime === "clang" || runtime === "clangpp"
    ? "not measured: a compile is two runs of the 75 MB compiler module then the program's, with the layers of the engine's descriptor; the floor covers single-binary runtimes"
    : "the bare shim cannot run it: it imports wasi_unstable and its old wasi-libc needs fd rights the shim does not grant (the engine adapts both)";

const ERRNO_NOSYS = 52;

type Tree = Map<string, Inode>;

/** A file over shared bytes: the shim's constructor would copy them. */
function sharedFile(data: Uint8Array): File {
  const file = new File(new ArrayBuffer(0));
  file.data = data;
  return file;
}

function addFile(root: Tree, path: string, data: Uint8Array): void {
  const parts = path.split("/").filter(Boolean);
  let contents = root;
  for (const part of parts.slice(0, -1)) {
    let child = contents.get(part);
    if (!child) {
      child = new Directory(new Map());
      contents.set(part, child);
    }
    if (!(child instanceof Directory)) throw new Error(`${path}: not a directory`);
    contents = child.contents;
  }
  contents.set(parts[parts.length - 1], sharedFile(data));
}

/** The shim's functions, and "not supported" for what it lacks (quickjs's WasmEdge sockets). */
function importsFor(module: WebAssembly.Module, shim: WASI): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  const wasi = shim.wasiImport as Record<string, WebAssembly.ImportValue>;
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    (imports[from] ??= {})[name] = (from === "wasi_snapshot_preview1" ? wasi[name] : undefined) ?? (() => ERRNO_NOSYS);
  }
  return imports;
}

export class Floor {
  private constructor(
    private readonly program: HelloProgram,
    private readonly spec: FloorSpec,
    private readonly module: WebAssembly.Module,
    private readonly layer: [string, Uint8Array][],
  ) {}

  /** The reason there is no floor for a runtime, or undefined. */
  static unsupported(runtime: BenchRuntime): string | undefined {
    return SPECS[runtime] ? undefined : WHY_NOT(runtime);
  }

  static async prepare(langsDir: string, program: HelloProgram): Promise<Floor> {
    const spec = SPECS[program.runtime];
    if (!spec) throw new Error(`${program.runtime}: ${WHY_NOT(program.runtime)}`);
    const module = await WebAssembly.compile(await readFile(join(langsDir, spec.binary)));
    const entries = spec.layer ? await parseTarGzip(await readFile(join(langsDir, spec.layer))) : [];
    const layer = entries
      .filter((e) => e.type === "file" || e.type === undefined)
      .map((e): [string, Uint8Array] => ["/" + e.name.replace(/^\.?\/+/, ""), e.data ?? new Uint8Array(0)]);
    return new Floor(program, spec, module, layer);
  }

  /** One run, in ms; throws unless it greeted. */
  async run(): Promise<number> {
    const start = performance.now();
    const root: Tree = new Map();
    for (const [path, data] of this.layer) addFile(root, path, data);
    const entry = "/" + this.program.name;
    addFile(root, entry, new TextEncoder().encode(this.program.source));

    let stdout = "";
    let stderr = "";
    const decoder = new TextDecoder();
    const fds = [
      new OpenFile(new File(new ArrayBuffer(0))), // empty stdin: end-of-file at once
      new ConsoleStdout((data) => (stdout += decoder.decode(data))),
      new ConsoleStdout((data) => (stderr += decoder.decode(data))),
      new PreopenDirectory("/", root),
    ];
    const shim = new WASI(this.spec.argv(entry), this.spec.env ?? [], fds, { debug: false });
    const instance = await WebAssembly.instantiate(this.module, importsFor(this.module, shim));
    const code = this.spec.reactor
      ? await callReactor(shim, instance, reactorCalls(this.program.runtime, shim.args), false)
      : shim.start(instance as unknown as Parameters<WASI["start"]>[0]);
    const ms = performance.now() - start;
    if (code !== 0 || !greeted(stdout))
      throw new Error(`floor ${this.program.runtime}: exit ${code}: ${stdout}${stderr}`);
    return ms;
  }
}

/** The runtime's reactor calls as its descriptor lists them, with this argv. */
function reactorCalls(runtime: BenchRuntime, argv: string[]) {
  const calls = new RuntimeRegistry().get(runtime)?.run.reactor ?? [];
  return calls.map((call) => ({
    export: call.export,
    params: (call.args ?? []).map((arg) => (arg === "{argv}" ? argv : arg)),
  }));
}

/** Runs in the child process: `warmups` runs thrown away, then `runs` timed ones. */
export async function floorRunsInThisProcess(
  langsDir: string,
  program: HelloProgram,
  warmups: number,
  runs: number,
): Promise<number[]> {
  const floor = await Floor.prepare(langsDir, program);
  for (let i = 0; i < warmups; i++) await floor.run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await floor.run());
  return samples;
}

export async function floorRuns(benchScript: string, program: HelloProgram): Promise<number[]> {
  return (await inChild<{ samples: number[] }>(benchScript, "floor", program.runtime)).samples;
}
