/**
 * Compiled programs kept from one compile to the next, keyed by everything that decides
 * what the compiler produces: the toolchain (the runtime's descriptor) and every file it
 * could read. The engine looks a program up before compiling and stores it after a
 * successful compile; where programs are kept is the caller's choice (a folder on disk
 * for the CLI, memory for the extension).
 */
import type { RunRequest } from "./api";
import { sha256Hex } from "./wire/bytes";
import { LruMap } from "./lru";
import type { RuntimeDescriptor } from "./runtimes";

export interface CachedProgram {
  wasm: Uint8Array;
  /** What the compiler printed (warnings), shown again on a hit as on a compile. */
  diagnostics: Uint8Array;
}

export interface CompileCache {
  get(key: string): Promise<CachedProgram | undefined>;
  set(key: string, program: CachedProgram): Promise<void>;
}

/** Raise when the engine changes what a compile with the same inputs produces. */
const KEY_FORMAT = 3;

export async function compileCacheKey(descriptor: RuntimeDescriptor, request: RunRequest): Promise<string> {
  const paths = [...request.files.keys()].sort();
  const files = await Promise.all(paths.map(async (path) => [path, await sha256Hex(request.files.get(path)!)]));
  const identity = {
    format: KEY_FORMAT,
    runtime: descriptor.name,
    // The runtime's own files are mounted for the compile too; the user's env is not given to it.
    toolchain: {
      version: descriptor.version,
      origin: descriptor.origin,
      compile: descriptor.compile,
      files: descriptor.files ?? null,
    },
    standards: descriptor.standards ?? null,
    std: request.std ?? null,
    entry: request.entry,
    cwd: request.cwd ?? null,
    files,
  };
  return sha256Hex(new TextEncoder().encode(JSON.stringify(identity)));
}

/** Programs kept in memory, the most recently used `capacity` of them. */
export class MemoryCompileCache implements CompileCache {
  private readonly programs: LruMap<string, CachedProgram>;

  constructor(capacity = 32) {
    this.programs = new LruMap(capacity);
  }

  async get(key: string): Promise<CachedProgram | undefined> {
    return this.programs.get(key);
  }

  async set(key: string, program: CachedProgram): Promise<void> {
    this.programs.set(key, program);
  }
}
