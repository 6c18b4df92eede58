// An unchanged C program is not compiled twice: in memory (the extension) and on disk (`runno test`).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunRequest } from "../src/engine/api";
import { MemoryCompileCache, type CachedProgram } from "../src/engine/compile-cache";
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform } from "../src/engine/platform/node";
import { DiskCompileCache } from "../src/cli/disk-compile-cache";
import { DIST, filesOf, REPO, scratchDir, spawnRunno, text } from "./helpers";

/** A MemoryCompileCache that counts what the engine asks of it. */
class CountingCache extends MemoryCompileCache {
  hits = 0;
  stores = 0;
  async get(key: string) {
    const program = await super.get(key);
    if (program) this.hits += 1;
    return program;
  }
  async set(key: string, program: CachedProgram) {
    this.stores += 1;
    return super.set(key, program);
  }
}

const WARNING_C =
  '#include <stdio.h>\nint main(void) { int half = 0.5; printf("%d\\n", GREETING + half); return 0; }\n';

function request(header: string): RunRequest {
  return {
    runtime: "clang",
    entry: "/w/main.c",
    cwd: "/w",
    files: filesOf({ "/w/main.c": `#include "value.h"\n${WARNING_C}`, "/w/value.h": header }),
  };
}

describe("compile cache", function () {
  this.timeout(120_000);
  const cache = new CountingCache();
  const engine = new SandboxEngine(bundledNodePlatform(DIST), { workers: 1, compileCache: cache });
  after(() => engine.dispose());

  it("reuses the program compiled from the same files, warnings and all, and compiles again when a file changes", async () => {
    const first = await engine.run(request("#define GREETING 7\n"));
    assert.equal(text(first.stdout), "7\n");
    assert.ok(first.compileMs && first.compileMs > 0);
    assert.deepEqual([cache.hits, cache.stores], [0, 1]);

    const warnings: string[] = [];
    const again = await engine.start(request("#define GREETING 7\n"), {
      onOutput: (_stream, data) => warnings.push(text(data)),
    }).result;
    assert.equal(text(again.stdout), "7\n");
    assert.equal(again.compileMs, 0);
    assert.match(
      text(again.diagnostics ?? new Uint8Array()),
      /warning: implicit conversion from 'double' to 'int' changes value/,
    );
    assert.match(
      warnings.join(""),
      /warning: implicit conversion from 'double' to 'int' changes value/,
      "the warning is shown again",
    );
    assert.deepEqual([cache.hits, cache.stores], [1, 1]);

    const changed = await engine.run(request("#define GREETING 8\n")); // only the header changed
    assert.equal(text(changed.stdout), "8\n");
    assert.deepEqual([cache.hits, cache.stores], [1, 2]);
  });

  it("compiles again when the cached program is damaged", async () => {
    const damaged = new (class extends MemoryCompileCache {
      async get() {
        return { wasm: new Uint8Array([1, 2, 3]), diagnostics: new Uint8Array(0) };
      }
    })();
    const other = new SandboxEngine(bundledNodePlatform(DIST), { workers: 1, compileCache: damaged });
    try {
      const result = await other.run(request("#define GREETING 9\n"));
      assert.equal(result.status, "exited");
      assert.equal(text(result.stdout), "9\n");
    } finally {
      await other.dispose();
    }
  });

  it("keeps in memory the most recently used programs", async () => {
    const memory = new MemoryCompileCache(2);
    const program = (n: number) => ({ wasm: Uint8Array.of(n), diagnostics: new Uint8Array(0) });
    await memory.set("a", program(1));
    await memory.set("b", program(2));
    assert.ok(await memory.get("a")); // a is now newer than b
    await memory.set("c", program(3));
    assert.deepEqual(
      [!!(await memory.get("a")), !!(await memory.get("b")), !!(await memory.get("c"))],
      [true, false, true],
    );
  });

  it("keeps programs on disk whole, and gives nothing for a key it does not have", async () => {
    const dir = scratchDir("runno-cache-");
    const disk = new DiskCompileCache(join(dir, "nested", "compiled"));
    assert.equal(await disk.get("abc"), undefined);
    await disk.set("abc", {
      wasm: Uint8Array.from([0, 97, 115, 109]),
      diagnostics: new TextEncoder().encode("warning"),
    });
    const back = await disk.get("abc");
    assert.deepEqual([...back!.wasm], [0, 97, 115, 109]);
    assert.equal(text(back!.diagnostics), "warning");
    assert.deepEqual(readdirSync(join(dir, "nested", "compiled")).sort(), ["abc.txt", "abc.wasm"]);
  });

  it("lets a second `runno run` of an unchanged C program skip the compiler, unless --no-cache", () => {
    const cacheDir = scratchDir("runno-run-cache-");
    const otherCacheDir = scratchDir("runno-run-cache-");
    const program = (says: string) => {
      const dir = scratchDir("runno-run-program-");
      writeFileSync(join(dir, "main.c"), `#include <stdio.h>\nint main(void) { puts("${says}"); return 0; }\n`);
      return join(dir, "main.c");
    };
    const right = program("right");
    const run = (file: string, dir: string, ...flags: string[]) => {
      const ran = spawnRunno(["run", file, ...flags], { env: { RUNNO_CACHE_DIR: dir } });
      assert.equal(ran.status, 0, ran.stderr);
      return ran.stdout;
    };
    const programsIn = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".wasm"));
    assert.equal(run(right, cacheDir, "--no-cache"), "right\n");
    assert.deepEqual(readdirSync(cacheDir), []);
    assert.equal(run(right, cacheDir), "right\n");
    assert.equal(programsIn(cacheDir).length, 1);
    // Another program's compiled wasm swapped in under the same key: a run that takes its
    // program from the cache, as it should, prints what that one prints.
    assert.equal(run(program("wrong"), otherCacheDir), "wrong\n");
    writeFileSync(
      join(cacheDir, programsIn(cacheDir)[0]),
      readFileSync(join(otherCacheDir, programsIn(otherCacheDir)[0])),
    );
    assert.equal(run(right, cacheDir), "wrong\n", "the cached (swapped) program ran");
    assert.equal(run(right, cacheDir, "--no-cache"), "right\n");
  });

  it("lets a second `runno test` of an unchanged C exercise skip the compiler, unless --no-cache", () => {
    const cacheDir = scratchDir("runno-cli-cache-");
    const otherDir = scratchDir("runno-cli-cache-");
    const exercise = (name: string) => join(REPO, "fixtures", "exercises", "clang", name);
    const programsIn = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".wasm"));
    const uncached = spawnRunno(["test", exercise("sum.runno.yaml"), "--no-cache"], {
      env: { RUNNO_CACHE_DIR: cacheDir },
    });
    assert.equal(uncached.status, 0, uncached.stderr);
    assert.deepEqual(readdirSync(cacheDir), []);

    assert.equal(spawnRunno(["test", exercise("sum.runno.yaml")], { env: { RUNNO_CACHE_DIR: cacheDir } }).status, 0);
    assert.equal(programsIn(cacheDir).length, 1);
    // Swap in the buggy solution's program under the same key: if the next run takes its
    // program from the cache, as it should, it runs the buggy one and fails.
    assert.equal(spawnRunno(["test", exercise("buggy.runno.yaml")], { env: { RUNNO_CACHE_DIR: otherDir } }).status, 1);
    writeFileSync(join(cacheDir, programsIn(cacheDir)[0]), readFileSync(join(otherDir, programsIn(otherDir)[0])));
    const fromCache = spawnRunno(["test", exercise("sum.runno.yaml")], { env: { RUNNO_CACHE_DIR: cacheDir } });
    assert.equal(fromCache.status, 1, "the cached (swapped) program ran");
    assert.equal(
      spawnRunno(["test", exercise("sum.runno.yaml"), "--no-cache"], { env: { RUNNO_CACHE_DIR: cacheDir } }).status,
      0,
    );
  });
});
