/**
 * Runtime files, loaded once per engine: compiled `WebAssembly.Module`s (with the memory
 * cap written in) and unpacked base filesystems. The second run of a runtime recompiles
 * and re-extracts nothing.
 */
import { parseTar } from "nanotar";
import { sha256Hex } from "./wire/bytes";
import { LruMap } from "./lru";
import type { Platform } from "./platform/types";
import type { StubbedImport } from "./wire/protocol";
import type { StubImport } from "./runtimes";
import { escapeGuestText } from "./wire/guest-text";
import { formatType, PREVIEW1, wasmType, WASI_MODULES } from "./wire/wasi-abi";
import {
  capMemory,
  capMemoryAsImport,
  functionImports,
  REWRITE_HEADROOM,
  unsupportedImports,
  WasmBinaryError,
} from "./wasm-binary";
import { HOST_MEMORY_IMPORT, type MemoryLimits } from "./wire/memory-import";

export interface PreparedModule {
  id: string;
  module: WebAssembly.Module;
  /** Every stubbed import by name (a descriptor's module-wide stub spelled out). */
  stubs: StubbedImport[];
  /** Set when the module imports its memory (`HOST_MEMORY_IMPORT`): the limits to make it with. */
  memory: MemoryLimits | null;
}

export interface PreparedLayer {
  id: string;
  files: [string, Uint8Array][];
  dirs: string[];
}

/** A program the sandbox refuses to run, with a message for the user. */
export class ProgramRejected extends Error {}

const WASI_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(PREVIEW1));
/** Compiled user programs kept at once; runtimes themselves are always kept. */
const USER_MODULE_CACHE = 16;

export class AssetCache {
  private readonly runtimeModules = new Map<string, Promise<PreparedModule>>();
  private readonly userModules = new LruMap<string, Promise<PreparedModule>>(USER_MODULE_CACHE);
  private readonly layers = new Map<string, Promise<PreparedLayer>>();

  constructor(private readonly platform: Platform) {}

  /** A runtime binary shipped with the engine, such as `python-3.12.0.wasm`; `tool` for a compiler's. */
  runtimeModule(
    binary: string,
    memoryBytes: number,
    stubs: StubImport[] = [],
    kind: "tool" | "program" = "program",
  ): Promise<PreparedModule> {
    const id = `runtime:${binary}:${memoryBytes}`;
    const headroom = this.platform.readModuleAsset ? REWRITE_HEADROOM : 0;
    return cached(this.runtimeModules, id, async () =>
      // Runtimes get their memory from the worker, which reuses it between runs; a user's
      // own module keeps its own, so what it sees at start is exactly what it declared.
      prepare(
        id,
        headroom > 0 ? await this.platform.readModuleAsset!(binary, headroom) : await this.platform.readAsset(binary),
        memoryBytes,
        stubs,
        binary,
        { reuseMemory: true, kind, headroom },
        this.platform,
      ),
    );
  }

  /** A user's own `.wasm`, or a program compiled in the sandbox, keyed by its content. */
  async userModule(bytes: Uint8Array, memoryBytes: number, name: string): Promise<PreparedModule> {
    const id = `user:${await sha256Hex(bytes)}:${memoryBytes}`;
    const existing = this.userModules.get(id);
    if (existing) return existing;
    const prepared = prepare(
      id,
      bytes,
      memoryBytes,
      [],
      name,
      { reuseMemory: false, kind: "program", headroom: 0 },
      this.platform,
    );
    this.userModules.set(id, prepared);
    prepared.catch(() => this.userModules.delete(id));
    return prepared;
  }

  /** A `.tar.gz` of runtime files, unpacked at the guest's root. */
  layer(archive: string): Promise<PreparedLayer> {
    return cached(this.layers, `layer:${archive}`, async () => {
      const entries = parseTar(await this.platform.gunzip(await this.platform.readAsset(archive)));
      const files: [string, Uint8Array][] = [];
      const dirs: string[] = [];
      for (const entry of entries) {
        const path = "/" + entry.name.replace(/^\.?\/+/, "").replace(/\/+$/, "");
        if (entry.type === "directory") dirs.push(path);
        else if (entry.type === "file" || entry.type === undefined) files.push([path, entry.data ?? new Uint8Array(0)]);
      }
      return { id: `layer:${archive}`, files, dirs };
    });
  }
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = load();
    map.set(key, value);
    // A failed load is not cached: the next run tries again.
    value.catch(() => map.delete(key));
  }
  return value;
}

async function prepare(
  id: string,
  bytes: Uint8Array,
  memoryBytes: number,
  stubs: StubImport[],
  name: string,
  /** headroom: `bytes` is in a buffer of ours with that many free bytes before it (rewritten in place, not read again). */
  options: { reuseMemory: boolean; kind: "tool" | "program"; headroom: number },
  platform: Platform,
): Promise<PreparedModule> {
  let module: WebAssembly.Module;
  let memory: MemoryLimits | null = null;
  let patched = bytes;
  try {
    if (options.reuseMemory) {
      ({ bytes: patched, limits: memory } = capMemoryAsImport(bytes, memoryBytes, options.headroom));
    } else patched = capMemory(bytes, memoryBytes);
    module = platform.compileWasm
      ? await platform.compileWasm(patched, options.kind)
      : await WebAssembly.compile(patched as Uint8Array<ArrayBuffer>);
  } catch (error) {
    const shown = escapeGuestText(name);
    if (error instanceof WasmBinaryError) throw new ProgramRejected(`${shown}: ${error.message}`);
    throw new ProgramRejected(
      `${shown} is not a valid WebAssembly module: ${escapeGuestText(error instanceof Error ? error.message : String(error))}`,
    );
  }
  const stubbed = spellOutStubs(module, stubs);
  const missing = unsupportedImports(module, WASI_FUNCTIONS, memory ? [...stubbed, HOST_MEMORY_IMPORT] : stubbed);
  if (missing.length > 0) {
    throw new ProgramRejected(
      `${escapeGuestText(name)} imports ${escapeGuestText(missing.join(", "))}, which the sandbox does not provide (only WASI preview1)`,
    );
  }
  // The rewritten bytes: the original may have been written over. The same function imports.
  const mistyped = mistypedWasiImport(patched, stubbed);
  if (mistyped) throw new ProgramRejected(`${escapeGuestText(name)}: ${mistyped}`);
  return { id, module, stubs: stubbed, memory };
}

/** The module's function imports that `stubs` cover, each by name. */
function spellOutStubs(module: WebAssembly.Module, stubs: StubImport[]): StubbedImport[] {
  return WebAssembly.Module.imports(module).flatMap((imp) => {
    const stub = stubs.find((s) => s.module === imp.module && (s.name === undefined || s.name === imp.name));
    return stub && imp.kind === "function" ? [{ module: imp.module, name: imp.name, message: stub.message }] : [];
  });
}

/**
 * The first WASI function imported with another type than WASI's, described as wasmtime
 * refuses it, or null: the host functions are then never called with missing or extra
 * arguments. A runtime's declared stubs take any type.
 */
function mistypedWasiImport(bytes: Uint8Array, stubs: StubbedImport[]): string | null {
  const stubbed = new Set(stubs.map((stub) => `${stub.module}.${stub.name}`));
  for (const imported of functionImports(bytes)) {
    if (
      !(WASI_MODULES as readonly string[]).includes(imported.module) ||
      stubbed.has(`${imported.module}.${imported.name}`)
    )
      continue;
    const shape = PREVIEW1[imported.name];
    if (!shape) continue;
    const expected = formatType(wasmType(shape));
    const found = formatType(imported);
    if (expected !== found) {
      return `incompatible import type for \`${imported.module}::${imported.name}\`: expected a function of type ${expected}, found ${found}`;
    }
  }
  return null;
}
