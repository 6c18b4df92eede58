/**
 * Compiled programs kept from one compile to the next, keyed by everything that decides
 * what the compiler produces: the toolchain (the runtime's descriptor) and every file it
 * could read. The engine looks a program up before compiling and stores it after a
 * successful compile; where programs are kept is the caller's choice (a folder on disk
 * for the CLI, memory for the extension).
 */
import type { RunRequest } from "./api";
import { sha256Hex } from "./bytes";
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
const KEY_FORMAT = 1;

export async function compileCacheKey(descriptor: RuntimeDescriptor, request: RunRequest): Promise<string> {
  const paths = [...request.files.keys()].sort();
  const files = await Promise.all(paths.map(async (path) => [path, await sha256Hex(request.files.get(path)!)]));
  const identity = {
    format: KEY_FORMAT,
    runtime: descriptor.name,
    toolchain: { version: descriptor.version, origin: descriptor.origin, compile: descriptor.compile },
    entry: request.entry,
    cwd: request.cwd ?? null,
    env: request.env ?? {},
    files,
  };
  return sha256Hex(new TextEncoder().encode(JSON.stringify(identity)));
}

/** Programs kept in memory, the most recently used `capacity` of them. */
export class MemoryCompileCache implements CompileCache {
  private readonly programs = new Map<string, CachedProgram>();

  constructor(private readonly capacity = 32) {}

  async get(key: string): Promise<CachedProgram | undefined> {
    const program = this.programs.get(key);
    if (program) {
      this.programs.delete(key);
      this.programs.set(key, program);
    }
    return program;
  }

  async set(key: string, program: CachedProgram): Promise<void> {
    this.programs.delete(key);
    this.programs.set(key, program);
    for (const oldest of this.programs.keys()) {
      if (this.programs.size <= this.capacity) break;
      this.programs.delete(oldest);
    }
  }
}
