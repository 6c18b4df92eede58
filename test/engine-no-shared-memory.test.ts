// The engine as it runs in a browser that is not cross-origin isolated: no SharedArrayBuffer
// between host and worker, so output and stdin travel as messages. (Node 20 has no JSPI, so
// here a program cannot wait for input; the browser end-to-end tests cover that.)
import assert from "node:assert/strict";
import { filesOf, runSource, text, createEngineWithoutSharedMemory } from "./helpers";
import { runFixture } from "./fixtures";

describe("engine without shared memory", function () {
  this.timeout(120_000);
  const engine = createEngineWithoutSharedMemory();
  after(() => engine.dispose());

  it("runs a program with stdin given up front, however large", async () => {
    const big = "x".repeat(3 * 1024 * 1024) + "\n";
    const result = await runSource(engine, "python", "n.py", "import sys\nprint(len(sys.stdin.read()))\n", {}, big);
    assert.equal(text(result.stdout), `${big.length}\n`);
  });

  it("delivers a flood of small writes in order, in batches", async () => {
    let deliveries = 0;
    const result = await engine.run(
      {
        runtime: "python",
        entry: "/workspace/f.py",
        files: filesOf({
          "/workspace/f.py":
            "import os\nfor i in range(20000): os.write(1, f'{i}\\n'.encode()); os.write(2, b'e') if i % 5000 == 0 else None\n",
        }),
      },
      { onOutput: () => deliveries++ },
    );
    // 20,004 writes (os.write is unbuffered) arrive in far fewer deliveries.
    assert.ok(deliveries < 2000, `${deliveries} deliveries for 20,004 writes`);
    const lines = text(result.stdout).trim().split("\n");
    assert.equal(lines.length, 20000);
    assert.equal(lines[19999], "19999");
    assert.deepEqual(
      lines,
      Array.from({ length: 20000 }, (_, i) => String(i)),
      "every line, in order",
    );
    assert.equal(text(result.stderr), "eeee");
  });

  it("keeps the output limit and the time limit", async () => {
    const flood = await runSource(engine, "python", "o.py", "while True: print('y' * 100)\n", {
      limits: { outputBytes: 10_000 },
    });
    assert.equal(flood.status, "killed");
    assert.equal(flood.status === "killed" && flood.limit, "output");
    assert.equal(flood.stdout.length, 10_000);
    const spin = await runSource(
      engine,
      "python",
      "s.py",
      "print('before', flush=True)\nimport time\nt = time.time()\nwhile time.time() - t < 0.2: pass\nwhile True: pass\n",
      { limits: { timeMs: 2000 } },
    );
    assert.equal(spin.status, "timeout");
    assert.equal(text(spin.stdout), "before\n");
  });

  it("says in one line that it cannot wait for typed input, instead of hanging", async () => {
    const handle = engine.start({
      runtime: "python",
      entry: "/workspace/ask.py",
      files: filesOf({ "/workspace/ask.py": "try:\n    print(input())\nexcept EOFError:\n    print('no input')\n" }),
      stdin: { kind: "stream" },
    });
    const result = await handle.result;
    assert.equal(text(result.stdout), "no input\n");
    assert.match(text(result.stderr), /^runno: this browser cannot pause a program to wait for input/);
    assert.equal(text(result.stderr).trim().split("\n").length, 1);
  });

  it("sleeps, awaits and recurses to its limit in Python without shared memory", async () => {
    const run = (file: string, input?: string) =>
      runFixture(engine, "python", file, { folder: "python-native", input });
    const slept = await run("sleep.py");
    assert.equal(text(slept.stdout), "slept at least 0.3 s: True\n", text(slept.stderr));
    assert.ok(slept.durationMs >= 300, `the run took ${slept.durationMs} ms`);
    const gathered = await run("gather.py");
    assert.equal(
      text(gathered.stdout),
      "['SLOW', 'QUICK', 'MIDDLE']\n['quick', 'middle', 'slow']\nwaited at least 0.3 s: True\n",
      text(gathered.stderr),
    );
    const selected = await run("select_timeout.py");
    assert.equal(text(selected.stdout), "select: ([], [], []) True\npoll: [] True\n", text(selected.stderr));
    const recursed = await run("recursion.py");
    assert.equal(
      text(recursed.stdout),
      "1000 990\nRecursionError: maximum recursion depth exceeded\n150000\n",
      text(recursed.stderr),
    );
    // Stdin given up front is readable at once.
    const polled = await run("select_stdin.py", "hello\n");
    assert.match(
      text(polled.stdout),
      /^quiet: \[<_io\.TextIOWrapper name='<stdin>'.*\] False\ntyped: \[\(0, 1\)\]\nread: hello\n$/,
    );
  });

  it("drives Ruby, a reactor, without shared memory", async () => {
    const result = await runSource(
      engine,
      "ruby",
      "r.rb",
      "at_exit { puts 'bye' }\nsleep 0.1\nputs gets.upcase\nexit 2\n",
      {},
      "hi\n",
    );
    assert.equal(text(result.stdout), "HI\nbye\n", text(result.stderr));
    assert.equal(result.status === "exited" && result.exitCode, 2);
  });

  it("sleeps in C without shared memory", async () => {
    const source =
      '#include <stdio.h>\n#include <time.h>\nint main(void){ struct timespec t = {0, 200000000}; nanosleep(&t, 0); puts("woke"); return 0; }\n';
    const result = await runSource(engine, "clang", "s.c", source);
    assert.equal(
      text(result.stdout),
      "woke\n",
      JSON.stringify({ ...result, stdout: text(result.stdout), stderr: text(result.stderr) }),
    );
    assert.ok(result.durationMs >= 190, `slept ${result.durationMs} ms`);
  });
});
