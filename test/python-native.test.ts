// Python as natively: time.sleep, asyncio (gather, sleeps), select/poll with timeouts (on
// stdin too), and recursion to CPython's own limit. Each waiting program also checks with
// its own clock that it waited; the host's clock confirms it.
import assert from "node:assert/strict";
import { createEngine, text } from "./helpers";
import { fixtureFiles, runFixture } from "./fixtures";

describe("python as natively", function () {
  this.timeout(120_000);
  const engine = createEngine(2);
  after(() => engine.dispose());
  const run = (file: string, input?: string) => runFixture(engine, "python", file, { folder: "python-native", input });

  it("time.sleep waits", async () => {
    const result = await run("sleep.py");
    assert.equal(text(result.stderr), "");
    assert.equal(text(result.stdout), "slept at least 0.3 s: True\n");
    assert.ok(result.durationMs >= 300, `the run took ${result.durationMs} ms`);
  });

  it("runs an asyncio program: gather over tasks that sleep", async () => {
    const result = await run("gather.py");
    assert.equal(text(result.stderr), "");
    assert.equal(
      text(result.stdout),
      "['SLOW', 'QUICK', 'MIDDLE']\n['quick', 'middle', 'slow']\nwaited at least 0.3 s: True\n",
    );
    assert.equal(result.status === "exited" && result.exitCode, 0);
  });

  it("select and poll wait out their timeouts", async () => {
    const result = await run("select_timeout.py");
    assert.equal(text(result.stderr), "");
    assert.equal(text(result.stdout), "select: ([], [], []) True\npoll: [] True\n");
  });

  it("select on quiet stdin times out; poll on stdin returns when input is typed", async () => {
    const files = await fixtureFiles("python-native");
    let typed = false;
    const handle = engine.start(
      { runtime: "python", entry: "/select_stdin.py", cwd: "/", files, stdin: { kind: "stream" } },
      {
        onOutput: (_stream, data) => {
          // Typed only once select has timed out, so that poll has to wait for it.
          if (!typed && text(data).includes("quiet:")) {
            typed = true;
            handle.writeStdin("hello\n");
            handle.closeStdin();
          }
        },
      },
    );
    const result = await handle.result;
    assert.equal(text(result.stderr), "");
    assert.equal(text(result.stdout), "quiet: [] True\ntyped: [(0, 1)]\nread: hello\n");
  });

  it("reports stdin given up front as readable at once", async () => {
    const result = await run("select_stdin.py", "hello\n");
    assert.equal(
      text(result.stdout).split("\n")[0],
      "quiet: [<_io.TextIOWrapper name='<stdin>' mode='r' encoding='utf-8'>] False",
    );
  });

  it("recurses as deep as CPython's recursion limit allows, and raises RecursionError past it", async () => {
    const result = await run("recursion.py");
    assert.equal(text(result.stderr), "");
    assert.equal(text(result.stdout), "1000 990\nRecursionError: maximum recursion depth exceeded\n150000\n");
    assert.equal(result.status === "exited" && result.exitCode, 0);
  });
});
