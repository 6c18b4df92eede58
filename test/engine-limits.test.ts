// The engine's limits and isolation, exercised with the real Python runtime.
import assert from "node:assert/strict";
import { MiB } from "../src/engine";
import { bytes, createEngine, filesOf, runSource, text } from "./helpers";

describe("engine limits and isolation", function () {
  this.timeout(120_000);
  const engine = createEngine(2);
  after(() => engine.dispose());

  it("stops a spinning program at the time limit, keeps its earlier output, and the host stays responsive", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const result = await runSource(engine, "python", "spin.py", "print('before', flush=True)\nwhile True: pass\n", {
      limits: { timeMs: 1000 },
    });
    clearInterval(ticker);
    assert.equal(result.status, "timeout");
    assert.equal(text(result.stdout), "before\n");
    // ~100 ticks if the host's event loop ran freely during the 1 s run.
    assert.ok(ticks >= 50, `host event loop ran only ${ticks} ticks`);
  });

  it("keeps output written just before a timeout, with no newline to end it", async () => {
    const result = await runSource(
      engine,
      "python",
      "spin.py",
      "import sys\nsys.stdout.write('x' * 10)\nsys.stdout.flush()\nwhile True: pass\n",
      {
        limits: { timeMs: 2000 },
      },
    );
    assert.equal(result.status, "timeout");
    assert.equal(text(result.stdout), "x".repeat(10));
  });

  it("makes allocations fail at the memory limit (Python sees MemoryError)", async () => {
    const source =
      "chunks = []\ntry:\n    while True: chunks.append(bytearray(16 * 1024 * 1024))\nexcept MemoryError:\n    print('MemoryError after', len(chunks) * 16, 'MiB')\n";
    const result = await runSource(engine, "python", "mem.py", source, { limits: { memoryBytes: 128 * MiB } });
    assert.equal(result.status, "exited");
    assert.match(text(result.stdout), /^MemoryError after (\d+) MiB/);
    const mib = Number(/after (\d+)/.exec(text(result.stdout))![1]);
    assert.ok(mib < 128, `allocated ${mib} MiB under a 128 MiB cap`);
  });

  it("stops an output flood at the output limit and keeps exactly the limit", async () => {
    const result = await runSource(engine, "python", "flood.py", "while True: print('y' * 100)\n", {
      limits: { outputBytes: 64 * 1024 },
    });
    assert.equal(result.status, "killed");
    assert.equal(result.status === "killed" && result.limit, "output");
    assert.equal(result.stdout.length + result.stderr.length, 64 * 1024);
  });

  it("survives a flood of one-byte writes and delivers every byte", async () => {
    const source = "import os\nfor _ in range(200000): os.write(1, b'.')\n";
    const result = await runSource(engine, "python", "tiny.py", source);
    assert.equal(result.status, "exited");
    assert.equal(result.stdout.length, 200000);
  });

  it("refuses a seek to 2 GiB then a write instead of allocating it", async () => {
    const source = [
      "f = open('/tmp/big', 'wb')",
      "f.seek(2 * 1024**3)",
      "try:",
      "    f.write(b'x'); f.flush(); print('wrote')",
      "except OSError as e:",
      "    print('refused', e.errno)",
    ].join("\n");
    const result = await runSource(engine, "python", "seek.py", source);
    assert.equal(result.status, "exited");
    assert.match(text(result.stdout), /^refused 51$/m, "ENOSPC (WASI errno 51)");
  });

  it("caps the number of files a program creates", async () => {
    const source = [
      "import os",
      "n = 0",
      "try:",
      "    while True:",
      "        open(f'/tmp/f{n}', 'w').close(); n += 1",
      "except OSError as e:",
      "    print('stopped at', n, 'errno', e.errno)",
      "print(len(os.listdir('/tmp')), 'in /tmp')",
    ].join("\n");
    const result = await runSource(engine, "python", "files.py", source, { limits: { fsFiles: 100 } });
    assert.equal(result.status, "exited");
    // The cap counts what the program creates (the files it was given do not count): all 100, then ENOSPC (51).
    assert.equal(text(result.stdout), "stopped at 100 errno 51\n100 in /tmp\n");
  });

  it("caps open files", async () => {
    const source =
      "fs = []\ntry:\n    while True: fs.append(open('/workspace/open.py'))\nexcept OSError as e:\n    print('open files', len(fs), 'errno', e.errno)\n";
    const result = await runSource(engine, "python", "open.py", source, { limits: { openFiles: 20 } });
    assert.equal(result.status, "exited");
    // The cap counts every descriptor: stdin, stdout, stderr and the two preopens ("." and "/")
    // hold 5 of the 20, so the program opens 15, then gets ENFILE (41).
    assert.equal(text(result.stdout), "open files 15 errno 41\n");
  });

  it("cancels a running program", async () => {
    const handle = engine.start(
      {
        runtime: "python",
        entry: "/workspace/c.py",
        files: filesOf({ "/workspace/c.py": "print('started', flush=True)\nwhile True: pass\n" }),
      },
      { onOutput: () => handle.cancel() },
    );
    const result = await handle.result;
    assert.equal(result.status, "cancelled");
    assert.equal(text(result.stdout), "started\n", "cancelled while it ran, after its first line");
  });

  it("shares no state between consecutive runs", async () => {
    const writer =
      "open('/tmp/state', 'w').write('secret')\nopen('/workspace/s.py', 'a').write('# changed')\nprint('written')\n";
    const reader =
      "import os\nprint(os.path.exists('/tmp/state'), open('/workspace/s.py').read().endswith('# changed'))\n";
    for (let i = 0; i < 3; i++) {
      assert.equal(text((await runSource(engine, "python", "s.py", writer)).stdout), "written\n");
      assert.equal(text((await runSource(engine, "python", "s.py", reader)).stdout), "False False\n");
    }
  });

  it("gives the guest only the env it is given", async () => {
    const source = "import os\nprint(' '.join(sorted(os.environ)))\nprint(os.environ['GREETING'])\n";
    const result = await runSource(engine, "python", "env.py", source, { env: { GREETING: "hi" } });
    // Only what the caller gave, the runtime's own PYTHONDONTWRITEBYTECODE and PYTHONHOME, and PWD.
    assert.equal(text(result.stdout), "GREETING PWD PYTHONDONTWRITEBYTECODE PYTHONHOME\nhi\n");
  });

  it("reads nothing outside the mounted files: .., absolute paths, symlinks", async () => {
    const source = [
      "import os",
      "def attempt(path):",
      "    try:",
      "        return open(path).read()[:20]",
      "    except OSError as e:",
      "        return 'denied'",
      "print(attempt('../../../../etc/passwd'))",
      "print(attempt('/etc/passwd'))",
      "print(attempt('/workspace/../../etc/hostname'))",
      "try:",
      "    os.symlink('/etc/passwd', '/tmp/link'); print(attempt('/tmp/link'))",
      "except OSError:",
      "    print('denied')",
      "print(sorted(os.listdir('/')))",
    ].join("\n");
    const result = await runSource(engine, "python", "escape.py", source);
    const lines = text(result.stdout).trim().split("\n");
    assert.deepEqual(lines.slice(0, 4), ["denied", "denied", "denied", "denied"]);
    assert.doesNotMatch(lines[4], /etc|home|root|proc/);
  });

  it("streams stdin of any size to a program that reads until end-of-file", async () => {
    const big = "line\n".repeat(600_000); // 3 MB, more than one chunk and more than the inline part
    const result = await runSource(engine, "python", "count.py", "import sys\nprint(len(sys.stdin.read()))\n", {}, big);
    assert.equal(result.status, "exited");
    assert.equal(text(result.stdout), `${big.length}\n`);
  });

  it("feeds interactive stdin while the program runs", async () => {
    const outputs: string[] = [];
    const handle = engine.start(
      {
        runtime: "python",
        entry: "/workspace/i.py",
        files: filesOf({ "/workspace/i.py": "print('name?', flush=True)\nname = input()\nprint('hello', name)\n" }),
        stdin: { kind: "stream" },
      },
      {
        onOutput: (_stream, data) => outputs.push(text(data)),
        onStdinWanted: () => {
          handle.writeStdin("ada\n");
        },
      },
    );
    const result = await handle.result;
    assert.equal(text(result.stdout), "name?\nhello ada\n");
    assert.equal(outputs[0], "name?\n");
  });

  it("reports a module that imports something outside WASI, naming the import", async () => {
    // (module (import "env" "evil" (func)) (memory 1) (func (export "_start")))
    const wasm = Uint8Array.from([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 2, 12, 1, 3, 101, 110, 118, 4, 101, 118, 105, 108, 0, 0, 3, 2, 1,
      0, 5, 3, 1, 0, 1, 7, 10, 1, 6, 95, 115, 116, 97, 114, 116, 0, 1, 10, 4, 1, 2, 0, 11,
    ]);
    const result = await engine.run({
      runtime: "wasi",
      entry: "/workspace/evil.wasm",
      files: new Map([["/workspace/evil.wasm", wasm]]),
    });
    assert.equal(result.status, "crashed");
    assert.match(result.status === "crashed" ? result.message : "", /env\.evil/);
  });

  it("rejects a file that is not WebAssembly with a clear message", async () => {
    const result = await engine.run({
      runtime: "wasi",
      entry: "/workspace/x.wasm",
      files: filesOf({ "/workspace/x.wasm": "hello" }),
    });
    assert.equal(result.status, "crashed");
    assert.match(result.status === "crashed" ? result.message : "", /not a WebAssembly module/);
    void bytes;
  });
});
