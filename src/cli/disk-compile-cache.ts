/**
 * Compiled programs kept on disk between `runno test` and `runno run` runs, so a C or C++
 * program whose folder has not changed (its test files aside) skips the compiler (a second
 * or more in wasm). One `KEY.wasm` and one `KEY.txt` (the compiler's warnings) per program; the
 * oldest go past a count.
 */
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { CachedProgram, CompileCache } from "../engine";

const KEEP_PROGRAMS = 200;

/** `$RUNNO_CACHE_DIR`, else `$XDG_CACHE_HOME/runno-sandbox/compiled`, else under `~/.cache`. */
export function defaultCompileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RUNNO_CACHE_DIR) return env.RUNNO_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "runno-sandbox", "compiled");
}

export class DiskCompileCache implements CompileCache {
  constructor(readonly dir: string) {}

  async get(key: string): Promise<CachedProgram | undefined> {
    try {
      const [wasm, diagnostics] = await Promise.all([
        readFile(this.path(key, "wasm")),
        readFile(this.path(key, "txt")),
      ]);
      return { wasm: new Uint8Array(wasm), diagnostics: new Uint8Array(diagnostics) };
    } catch {
      return undefined;
    }
  }

  async set(key: string, program: CachedProgram): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // The warnings first and the program last, each renamed into place whole: a reader
    // that finds the program finds both, and never half a file.
    await this.writeWhole(this.path(key, "txt"), program.diagnostics);
    await this.writeWhole(this.path(key, "wasm"), program.wasm);
    await this.prune();
  }

  private path(key: string, extension: "wasm" | "txt"): string {
    return join(this.dir, `${key}.${extension}`);
  }

  private async writeWhole(path: string, data: Uint8Array): Promise<void> {
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, data);
    await rename(partial, path);
  }

  private async prune(): Promise<void> {
    const programs = (await readdir(this.dir)).filter((name) => name.endsWith(".wasm"));
    if (programs.length <= KEEP_PROGRAMS) return;
    const aged = await Promise.all(
      programs.map(async (name) => ({ name, mtime: (await stat(join(this.dir, name))).mtimeMs })),
    );
    aged.sort((a, b) => a.mtime - b.mtime);
    for (const { name } of aged.slice(0, aged.length - KEEP_PROGRAMS)) {
      const key = name.slice(0, -".wasm".length);
      await Promise.all([unlink(this.path(key, "wasm")), unlink(this.path(key, "txt"))].map((p) => p.catch(() => {})));
    }
  }
}
