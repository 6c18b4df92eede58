// Every runtime, for real: stdout, stdin, exit code, a language error, a sibling file.
import assert from "node:assert/strict";
import type { RuntimeName } from "../src/engine/api";
import { createEngine, filesOf, runSource, text } from "./helpers";
import { fixtureFiles, runFixture } from "./fixtures";

interface RuntimeCase {
  runtime: RuntimeName;
  ext: string;
  /** What the runtime prints on stderr for fixtures/<runtime>/error.<ext>. */
  error: RegExp;
  /** The exit status of error.<ext>; compiled runtimes fail to compile instead. */
  errorStatus: { status: "exited"; exitCode: number } | { status: "compile-failed"; exitCode: number };
}

const CASES: RuntimeCase[] = [
  {
    runtime: "python",
    ext: "py",
    error: /File "\/error\.py", line 2, in divide\n[\s\S]*ZeroDivisionError: division by zero/,
    errorStatus: { status: "exited", exitCode: 1 },
  },
  {
    runtime: "ruby",
    ext: "rb",
    error: /error\.rb:2:in 'Object#explode': bad value \(ArgumentError\)\n\tfrom error\.rb:4:in '<main>'\n$/,
    errorStatus: { status: "exited", exitCode: 1 },
  },
  {
    runtime: "quickjs",
    ext: "js",
    error: /TypeError: bad value\n\s+at explode \(\/error\.js:2\)/,
    errorStatus: { status: "exited", exitCode: 1 },
  },
  {
    runtime: "clang",
    ext: "c",
    error: /^error\.c:4:12: error: expected ';' at end of declaration/m,
    errorStatus: { status: "compile-failed", exitCode: 1 },
  },
  {
    runtime: "clangpp",
    ext: "cpp",
    error: /^error\.cpp:5:5: error: no member named 'push_bak'/m,
    errorStatus: { status: "compile-failed", exitCode: 1 },
  },
  {
    runtime: "php-cgi",
    ext: "php",
    error: /PHP Fatal error: {2}Uncaught RuntimeException: bad value in \/error\.php:3/,
    errorStatus: { status: "exited", exitCode: 255 },
  },
];

describe("runtimes", function () {
  this.timeout(180_000);
  const engine = createEngine(2);
  after(() => engine.dispose());

  for (const c of CASES) {
    describe(c.runtime, () => {
      it("reads stdin and writes stdout", async () => {
        const result = await runFixture(engine, c.runtime, `greet.${c.ext}`, { input: "Ada\n" });
        assert.equal(text(result.stderr), "");
        assert.equal(result.status, "exited");
        assert.equal(text(result.stdout), "Hello, Ada!\n");
      });

      it("returns the program's exit code", async () => {
        const result = await runFixture(engine, c.runtime, `exit.${c.ext}`);
        assert.deepEqual(
          { status: result.status, exitCode: result.status === "exited" && result.exitCode },
          { status: "exited", exitCode: 3 },
        );
        assert.equal(text(result.stdout), "leaving with 3\n");
      });

      it("reports a language error on stderr as the runtime does natively", async () => {
        const result = await runFixture(engine, c.runtime, `error.${c.ext}`);
        assert.equal(result.status, c.errorStatus.status);
        assert.equal("exitCode" in result && result.exitCode, c.errorStatus.exitCode);
        assert.match(text(result.stderr), c.error);
      });

      it("reads a sibling file by relative path", async () => {
        const result = await runFixture(engine, c.runtime, `data.${c.ext}`);
        assert.equal(text(result.stderr), "");
        assert.equal(text(result.stdout), "3 apple\n");
      });
    });
  }

  describe("sqlite", () => {
    it("runs a .sql file and prints the results", async () => {
      const result = await runFixture(engine, "sqlite", "query.sql");
      assert.equal(result.status, "exited");
      assert.equal(text(result.stdout), "banana\napple\ncherry\n");
    });

    it("reads SQL from stdin through /dev/stdin and ends at end-of-file", async () => {
      const result = await runFixture(engine, "sqlite", "stdin.sql", { input: "SELECT 'Hello, ' || 'Ada' || '!';\n" });
      assert.equal(text(result.stdout), "Hello, Ada!\n");
    });

    it("returns the exit code of .exit", async () => {
      const result = await runFixture(engine, "sqlite", "exit.sql");
      assert.equal(result.status === "exited" && result.exitCode, 3);
      assert.equal(text(result.stdout), "leaving with 3\n");
    });

    it("reports an SQL error on stderr with exit code 1", async () => {
      const result = await runFixture(engine, "sqlite", "error.sql");
      assert.equal(result.status === "exited" && result.exitCode, 1);
      assert.match(text(result.stderr), /no such table: missing_table/);
    });

    it("imports a sibling file by relative path", async () => {
      const result = await runFixture(engine, "sqlite", "import.sql");
      assert.equal(text(result.stdout), "3|apple\n");
    });
  });

  describe("python extras", () => {
    it("starts in the entry's folder, so relative paths are the folder's", async () => {
      const files = filesOf({
        "/lessons/one/main.py": "import os\nprint(os.getcwd(), open('data.txt').read())\n",
        "/lessons/one/data.txt": "42",
      });
      const result = await engine.run({ runtime: "python", entry: "/lessons/one/main.py", cwd: "/lessons/one", files });
      assert.equal(text(result.stdout), "/lessons/one 42\n");
    });

    it("imports the standard library from unpacked files, not the binary's slow zip", async () => {
      const source =
        "import encodings, json, sitecustomize\nprint(encodings.__file__, json.__file__, sitecustomize.__file__, sep='\\n')\n";
      const result = await runSource(engine, "python", "where.py", source);
      const lines = text(result.stdout).trim().split("\n");
      assert.equal(lines.length, 3, text(result.stderr));
      for (const path of lines) assert.match(path, /^\/opt\/python\/lib\/python3\.12\/.*\.pyc$/);
    });

    it("lists a big folder completely, each entry once, and sees entries added since", async () => {
      const source = [
        "import os",
        "os.mkdir('/tmp/many')",
        "for i in range(300): open(f'/tmp/many/{i}.txt', 'w').close()",
        "first = os.listdir('/tmp/many')",
        "open('/tmp/many/extra.txt', 'w').close()",
        "second = os.listdir('/tmp/many')",
        "print(len(first), len(set(first)), len(second), 'extra.txt' in second)",
      ].join("\n");
      const result = await runSource(engine, "python", "many.py", source);
      assert.equal(text(result.stdout), "300 300 301 True\n", text(result.stderr));
    });

    it("still collects the program's own reference cycles (only start-up objects are frozen)", async () => {
      const source = [
        "import gc",
        "class Node:",
        "    def __del__(self): print('collected')",
        "node = Node(); node.me = node",
        "del node",
        "print('found', gc.collect() > 0)",
      ].join("\n");
      const result = await runSource(engine, "python", "cycle.py", source);
      assert.equal(text(result.stdout), "collected\nfound True\n");
    });
  });

  describe("clang extras", () => {
    it("shows warnings without failing the build", async () => {
      const result = await runFixture(engine, "clang", "warning.c");
      assert.equal(result.status === "exited" && result.exitCode, 0);
      assert.equal(text(result.stdout), "42\n");
      assert.match(
        text(result.diagnostics ?? new Uint8Array()),
        /warning\.c:4:16: warning: implicit conversion from 'double' to 'int' changes value from 42\.5 to 42/,
      );
      assert.equal(text(result.stderr), "");
    });

    it("compiles global arrays (tentative definitions), which crash clang 8 without -fno-common", async () => {
      const result = await runFixture(engine, "clang", "globals.c");
      assert.equal(text(result.stdout), "a=3 b=1 n=2\n");
    });

    it("streams output written before a sleep while the program sleeps", async () => {
      let firstAt = 0;
      const started = performance.now();
      const handle = engine.start(
        { runtime: "clang", entry: "/sleep.c", cwd: "/", files: await fixtureFiles("clang") },
        {
          onOutput: (_s, data) => {
            if (!firstAt && text(data).includes("before")) firstAt = performance.now();
          },
        },
      );
      const result = await handle.result;
      assert.equal(text(result.stdout), "before\nafter\n");
      assert.ok(firstAt > 0, "the first line was delivered while the program ran");
      const total = performance.now() - started;
      // The first line arrived at least ~1 s (the sleep) before the end.
      assert.ok(
        total - (firstAt - started) > 800,
        `first line came ${(total - (firstAt - started)).toFixed(0)} ms before the end`,
      );
    });

    it("compiles once and runs the compiled program many times", async () => {
      const files = await fixtureFiles("clang");
      const compiled = await engine.compile({ runtime: "clang", entry: "/greet.c", cwd: "/", files });
      assert.equal(compiled.status, "compiled");
      if (compiled.status !== "compiled") return;
      const names = ["Ada", "Grace", "Edsger"];
      const results = await Promise.all(
        names.map((name) =>
          engine.run({
            runtime: "clang",
            entry: "/greet.c",
            cwd: "/",
            files,
            compiled: compiled.program,
            stdin: { kind: "bytes", data: new TextEncoder().encode(name) },
          }),
        ),
      );
      assert.deepEqual(
        results.map((r) => text(r.stdout)),
        names.map((n) => `Hello, ${n}!\n`),
      );
      assert.ok(results.every((r) => r.compileMs === undefined));
    });
  });
});
