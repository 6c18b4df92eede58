/**
 * The floor: the least any host must do per run, in this process with no worker, no
 * limits and no output streaming. Outside the timed part, as our engine also caches them:
 * reading and compiling the runtime modules, and unpacking the base filesystem's tar.gz.
 * Inside it: building the run's file tree over the shared bytes (our engine does that per
 * run too), a fresh WASI, instantiate and `_start`. For C/C++, the compile and link steps
 * run the same way and the program's module is compiled in the timed part.
 */
import { ConsoleStdout, Directory, File, OpenFile, PreopenDirectory, WASI, type Inode } from "@bjorn3/browser_wasi_shim";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseTarGzip } from "nanotar";
import clang from "../langs/clang.json";
import clangpp from "../langs/clangpp.json";
import { greeted, type BenchRuntime, type HelloProgram } from "./programs";

interface Step {
  /** A runtime file in dist/langs, or a path in the guest FS written by an earlier step. */
  binary: string;
  argv: string[];
  env?: string[];
}

interface FloorSpec {
  layers: string[];
  steps: Step[];
}

const ENTRY = "/main"; // + the program's extension
const OUTPUT = "/tmp/program.wasm";
const ERRNO_NOSYS = 52;

/** The compile steps of our own descriptors, so C/C++ compile with the same flags. */
function compileSteps(descriptor: typeof clang, entry: string): Step[] {
  const expand = (arg: string) => arg.replace("{entry}", entry).replace("{output}", OUTPUT);
  return descriptor.compile.steps.map((step) => ({ binary: step.binary, argv: [step.argv0, ...step.args.map(expand)] }));
}

function specFor(program: HelloProgram): FloorSpec | undefined {
  const entry = ENTRY + program.name.slice(program.name.lastIndexOf("."));
  const specs: Partial<Record<BenchRuntime, FloorSpec>> = {
    python: {
      layers: ["python-3.11.3.tar.gz"],
      steps: [{ binary: "python-3.11.3.wasm", argv: ["python", entry], env: ["PYTHONDONTWRITEBYTECODE=1"] }],
    },
    ruby: {
      layers: ["ruby-3.2.0.tar.gz"],
      steps: [{ binary: "ruby-3.2.0.wasm", argv: ["ruby", "--disable-gems", "-r", "/ruby-3.2.0/.rubyopts.rb", entry] }],
    },
    quickjs: { layers: [], steps: [{ binary: "wasmedge_quickjs.wasm", argv: ["quickjs", entry] }] },
    "php-cgi": { layers: [], steps: [{ binary: "php-cgi-8.2.0.wasm", argv: ["php", "-q", entry] }] },
    sqlite: { layers: [], steps: [{ binary: "sqlite.wasm", argv: ["sqlite", ":memory:", `.read ${entry}`] }] },
    clang: { layers: ["clang-fs.tar.gz"], steps: [...compileSteps(clang, entry), { binary: OUTPUT, argv: ["program"] }] },
    clangpp: {
      layers: ["clang-fs.tar.gz"],
      steps: [...compileSteps(clangpp as typeof clang, entry), { binary: OUTPUT, argv: ["program"] }],
    },
  };
  return specs[program.runtime];
}

type Tree = Map<string, Inode>;

/** A file over shared bytes: the shim's constructor would copy them. */
function sharedFile(data: Uint8Array): File {
  const file = new File(new ArrayBuffer(0));
  file.data = data;
  return file;
}

function directory(root: Tree, path: string): Tree {
  let contents = root;
  for (const part of path.split("/").filter(Boolean)) {
    let child = contents.get(part);
    if (!child) {
      child = new Directory(new Map());
      contents.set(part, child);
    }
    if (!(child instanceof Directory)) throw new Error(`${path}: not a directory`);
    contents = child.contents;
  }
  return contents;
}

function addFile(root: Tree, path: string, data: Uint8Array): void {
  const slash = path.lastIndexOf("/");
  directory(root, path.slice(0, slash)).set(path.slice(slash + 1), sharedFile(data));
}

/** Every import the shim lacks (quickjs's sock_*), as a function that says "not supported". */
function importsFor(module: WebAssembly.Module, shim: WASI): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  const wasi = shim.wasiImport as Record<string, WebAssembly.ImportValue>;
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    // sqlite.wasm imports the same functions under the legacy name wasi_unstable.
    const own = from === "wasi_snapshot_preview1" || from === "wasi_unstable" ? wasi[name] : undefined;
    (imports[from] ??= {})[name] = own ?? (() => ERRNO_NOSYS);
  }
  return imports;
}

export class Floor {
  private readonly modules = new Map<string, WebAssembly.Module>();
  private readonly layers = new Map<string, [string, Uint8Array][]>();

  private constructor(
    private readonly program: HelloProgram,
    private readonly spec: FloorSpec,
  ) {}

  /** Undefined for a runtime with no floor. */
  static async prepare(langsDir: string, program: HelloProgram): Promise<Floor | undefined> {
    const spec = specFor(program);
    if (!spec) return undefined;
    const floor = new Floor(program, spec);
    for (const step of spec.steps) {
      if (step.binary.startsWith("/") || floor.modules.has(step.binary)) continue;
      floor.modules.set(step.binary, await WebAssembly.compile(await readFile(join(langsDir, step.binary))));
    }
    for (const layer of spec.layers) {
      const entries = await parseTarGzip(await readFile(join(langsDir, layer)));
      const files = entries.filter((e) => e.type === "file" || e.type === undefined);
      floor.layers.set(layer, files.map((e) => ["/" + e.name.replace(/^\.?\/+/, ""), e.data ?? new Uint8Array(0)]));
    }
    return floor;
  }

  /** One run, in ms; throws unless it greeted. */
  async run(): Promise<number> {
    const start = performance.now();
    const root: Tree = new Map();
    for (const layer of this.spec.layers) for (const [path, data] of this.layers.get(layer)!) addFile(root, path, data);
    directory(root, "/tmp");
    const entry = ENTRY + this.program.name.slice(this.program.name.lastIndexOf("."));
    addFile(root, entry, new TextEncoder().encode(this.program.source));

    let stdout = "";
    let stderr = "";
    const decoder = new TextDecoder();
    for (const step of this.spec.steps) {
      const module = await this.moduleFor(step.binary, root);
      const fds = [
        new OpenFile(new File(new ArrayBuffer(0))), // empty stdin: end-of-file at once
        new ConsoleStdout((data) => (stdout += decoder.decode(data))),
        new ConsoleStdout((data) => (stderr += decoder.decode(data))),
        new PreopenDirectory("/", root),
      ];
      const shim = new WASI(step.argv, step.env ?? [], fds, { debug: false });
      const instance = await WebAssembly.instantiate(module, importsFor(module, shim));
      const code = shim.start(instance as unknown as Parameters<WASI["start"]>[0]);
      if (code !== 0) throw new Error(`floor ${this.program.runtime}: ${step.argv[0]} exited ${code}: ${stderr}`);
    }
    const ms = performance.now() - start;
    if (!greeted(stdout)) throw new Error(`floor ${this.program.runtime}: no greeting: ${stdout}${stderr}`);
    return ms;
  }

  private async moduleFor(binary: string, root: Tree): Promise<WebAssembly.Module> {
    if (!binary.startsWith("/")) return this.modules.get(binary)!;
    const slash = binary.lastIndexOf("/");
    const file = directory(root, binary.slice(0, slash)).get(binary.slice(slash + 1));
    if (!(file instanceof File)) throw new Error(`floor ${this.program.runtime}: ${binary} was not written`);
    return WebAssembly.compile(file.data as Uint8Array<ArrayBuffer>);
  }
}
