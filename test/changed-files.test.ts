// The engine reports the files a program created or changed, and only those.
import assert from "node:assert/strict";
import type { RunResult } from "../src/engine/api";
import type { SandboxEngine } from "../src/engine/host";
import { createEngine, filesOf, text } from "./helpers";

const CAPS = { maxFiles: 10, maxFileBytes: 1024, maxTotalBytes: 4096 };

function paths(result: RunResult): string[] {
  assert.ok(result.changedFiles, `no changed files reported (${result.status})`);
  return result.changedFiles.files.map((f) => f.path);
}

describe("engine: changed files", function () {
  this.timeout(60_000);
  let engine: SandboxEngine;
  before(() => (engine = createEngine(2)));
  after(() => engine.dispose());

  const python = (source: string, extra: Record<string, string> = {}, caps = CAPS) =>
    engine.run({
      runtime: "python",
      entry: "/work/main.py",
      files: filesOf({ "/work/main.py": source, ...extra }),
      changedFiles: caps,
    });

  it("reports created and changed files with their bytes, not the program, untouched or same-byte inputs, nor the runtime's files", async () => {
    const result = await python(
      [
        "open('new.txt', 'w').write('created')",
        "open('changed.txt', 'a').write(' more')",
        "open('same.txt', 'w').write('same')",
        "open('/tmp/scratch.bin', 'wb').write(bytes([0, 255]))",
        "print(open('untouched.txt').read())",
      ].join("\n"),
      { "/work/changed.txt": "before", "/work/same.txt": "same", "/work/untouched.txt": "read only" },
    );
    assert.equal(result.status, "exited", text(result.stderr));
    assert.equal(text(result.stdout), "read only\n");
    assert.deepEqual(paths(result), ["/tmp/scratch.bin", "/work/changed.txt", "/work/new.txt"]);
    const byPath = new Map(result.changedFiles!.files.map((f) => [f.path, f.data]));
    assert.equal(text(byPath.get("/work/new.txt")!), "created");
    assert.equal(text(byPath.get("/work/changed.txt")!), "before more");
    assert.deepEqual([...byPath.get("/tmp/scratch.bin")!], [0, 255]);
    assert.equal(result.changedFiles!.truncated, false);
  });

  it("leaves out what is over the caps, says so and lists it", async () => {
    const result = await python(
      "for i in range(5): open(f'f{i}.txt', 'w').write('x' * 100)\nopen('big.txt', 'w').write('y' * 2000)\n",
      {},
      { maxFiles: 3, maxFileBytes: 1000, maxTotalBytes: 250 },
    );
    assert.equal(result.status, "exited", text(result.stderr));
    // Path order: big.txt is too big for one file, then two of 100 bytes fit in 250.
    assert.deepEqual(paths(result), ["/work/f0.txt", "/work/f1.txt"]);
    assert.equal(result.changedFiles!.truncated, true);
    assert.deepEqual(result.changedFiles!.leftOut, [
      { path: "/work/big.txt", size: 2000 },
      { path: "/work/f2.txt", size: 100 },
      { path: "/work/f3.txt", size: 100 },
      { path: "/work/f4.txt", size: 100 },
    ]);
  });

  it("reports files of a program that failed, and none when not asked", async () => {
    const failed = await python("open('partial.txt', 'w').write('half')\nraise SystemExit(3)\n");
    assert.equal(failed.status, "exited");
    assert.equal(failed.status === "exited" && failed.exitCode, 3);
    assert.deepEqual(paths(failed), ["/work/partial.txt"]);

    const quiet = await engine.run({
      runtime: "python",
      entry: "/w/m.py",
      files: filesOf({ "/w/m.py": "open('x', 'w').write('1')" }),
    });
    assert.equal(quiet.status, "exited");
    assert.equal(quiet.changedFiles, undefined);
  });

  it("does not report a runtime's own marker file (QuickJS) or a C program's build files", async () => {
    const js = await engine.run({
      runtime: "quickjs",
      entry: "/w/main.js",
      files: filesOf({
        "/w/main.js": 'import * as std from "std";\nconst f = std.open("/w/out.txt", "w"); f.puts("js"); f.close();\n',
      }),
      changedFiles: CAPS,
    });
    assert.equal(js.status, "exited", text(js.stderr));
    assert.deepEqual(paths(js), ["/w/out.txt"]);

    const c = await engine.run({
      runtime: "clang",
      entry: "/w/main.c",
      files: filesOf({
        "/w/main.c":
          '#include <stdio.h>\nint main(void) { FILE *f = fopen("out.txt", "w"); fputs("c", f); fclose(f); return 0; }\n',
      }),
      changedFiles: CAPS,
    });
    assert.equal(c.status, "exited", text(c.stderr));
    assert.deepEqual(paths(c), ["/w/out.txt"]);
  });

  describe("of a run stopped from outside (its worker is terminated with the files in it)", () => {
    // 5 s leaves a cold Python on a busy machine time to reach its loop.
    const stopped = (source: string, options: { timeMs?: number; cancelOn?: string } = {}) => {
      const handle = engine.start(
        {
          runtime: "python",
          entry: "/work/main.py",
          files: filesOf({ "/work/main.py": source, "/work/input.txt": "given" }),
          changedFiles: CAPS,
          limits: { timeMs: options.timeMs ?? 5000 },
        },
        { onOutput: (_, data) => options.cancelOn && text(data).includes(options.cancelOn) && handle.cancel() },
      );
      return handle.result;
    };
    const contents = (result: RunResult) =>
      Object.fromEntries(result.changedFiles!.files.map((f) => [f.path, text(f.data)]));

    it("a timeout returns the files as the program last closed them, marked partial", async () => {
      const result = await stopped(
        [
          "open('a.txt', 'w').write('one')",
          "with open('b.txt', 'w') as f: f.write('two')",
          "for i in range(50): open('counter.txt', 'w').write(str(i))",
          "open('input.txt', 'a').write(' and more')",
          // Reports past their share of the run's time wait for the program's next wait.
          "import time; time.sleep(0.01)",
          "print('spinning', flush=True)",
          "while True: pass",
        ].join("\n"),
      );
      assert.equal(result.status, "timeout", text(result.stderr));
      assert.equal(text(result.stdout), "spinning\n");
      assert.deepEqual(contents(result), {
        "/work/a.txt": "one",
        "/work/b.txt": "two",
        "/work/counter.txt": "49",
        "/work/input.txt": "given and more",
      });
      assert.equal(result.changedFiles!.partial, true);
    });

    it("does not return files removed or renamed away before the stop, nor what was never closed", async () => {
      const result = await stopped(
        [
          "import os",
          "open('gone.txt', 'w').write('x')",
          "open('old.txt', 'w').write('moved')",
          "os.remove('gone.txt')",
          "os.rename('old.txt', 'new.txt')",
          "f = open('open.txt', 'w'); f.write('not closed'); f.flush()",
          "while True: pass",
        ].join("\n"),
      );
      assert.equal(result.status, "timeout", text(result.stderr));
      assert.deepEqual(contents(result), { "/work/new.txt": "moved" });
      assert.equal(result.changedFiles!.partial, true);
    });

    it("a cancel returns them too; a run that ends on its own is not partial", async () => {
      const cancelled = await stopped(
        "open('made.txt', 'w').write('before')\nprint('spinning', flush=True)\nwhile True: pass\n",
        { timeMs: 60_000, cancelOn: "spinning" },
      );
      assert.equal(cancelled.status, "cancelled");
      assert.deepEqual(contents(cancelled), { "/work/made.txt": "before" });
      assert.equal(cancelled.changedFiles!.partial, true);

      const ended = await python("open('made.txt', 'w').write('done')\n");
      assert.deepEqual(contents(ended), { "/work/made.txt": "done" });
      assert.equal(ended.changedFiles!.partial, undefined);
    });

    it("a program that wrote nothing returns no files, still marked partial", async () => {
      const result = await stopped("while True: pass\n", { timeMs: 1500 });
      assert.equal(result.status, "timeout");
      assert.deepEqual(result.changedFiles, { files: [], truncated: false, leftOut: [], partial: true });
    });
  });
});
