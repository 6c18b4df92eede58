// C and C++ as g++/gcc run them on Linux: today's standards, <bits/stdc++.h>, exceptions
// (the program's and the library's), the uncaught-exception report, and an 8 MiB stack that
// holds deep recursion and reports its overflow. The stack behaviour also without shared
// memory (the engine as in a browser page that is not cross-origin isolated).
import assert from "node:assert/strict";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResult } from "../src/engine/api";
import { type SandboxEngine } from "../src/engine/host";
import { runFixture } from "./fixtures";
import {
  createEngine,
  REPO,
  runSource,
  scratchDir,
  spawnRunno,
  text,
  createEngineWithoutSharedMemory,
} from "./helpers";

function exitedWith(result: RunResult, code = 0): void {
  const detail = result.status === "crashed" || result.status === "killed" ? result.message : "";
  assert.equal(
    result.status === "exited" && result.exitCode,
    code,
    `${result.status} ${detail}\n${text(result.stderr)}${result.diagnostics ? text(result.diagnostics) : ""}`,
  );
}

describe("C and C++ (clang 22)", function () {
  this.timeout(240_000);
  const engine = createEngine(2);
  after(() => engine.dispose());

  it("compiles C++17 by default (gnu++17, as g++), with <bits/stdc++.h>", async () => {
    const result = await runFixture(engine, "clangpp", "modern.cpp");
    exitedWith(result);
    assert.equal(text(result.stdout), "ada 36\nalan 41\n42 -1\ntext 6\n3.5\n");
  });

  it("compiles C++20 with std c++20: concepts, ranges, std::format, <=>", async () => {
    const result = await runFixture(engine, "clangpp", "cpp20.cpp", { std: "c++20" });
    exitedWith(result);
    assert.equal(text(result.stdout), "4 8 12 16 20 \n   ab|3.14\n1\n");
  });

  it("takes the standard per run: C++20 code fails under c++17, C23 code needs c23", async () => {
    const cpp = await runFixture(engine, "clangpp", "cpp20.cpp", { std: "c++17" });
    assert.equal(cpp.status, "compile-failed");
    const c23 = "int main(void) { bool ok = true; return ok ? 0 : 1; }\n";
    const c = await runSource(engine, "clang", "c23.c", c23);
    assert.equal(c.status, "compile-failed");
    assert.match(text(c.stderr), /c23\.c:1:18: error: use of undeclared identifier 'bool'/);
    exitedWith(await runSource(engine, "clang", "c23.c", c23, { std: "c23" }));
    const c17 = await runSource(
      engine,
      "clang",
      "decl.c",
      '#include <stdio.h>\nint main(void) { printf("%ld\\n", __STDC_VERSION__); return 0; }\n',
    );
    assert.equal(text(c17.stdout), "201710\n", "C17 (gnu17) by default, as gcc");
  });

  it("refuses an unknown standard in one line that lists the known ones", async () => {
    const result = await runFixture(engine, "clangpp", "modern.cpp", { std: "c++99" });
    assert.equal(result.status, "crashed");
    assert.match(
      result.status === "crashed" ? result.message : "",
      /^unknown language standard "c\+\+99" for clangpp \(known: .*gnu\+\+17.*\)$/,
    );
  });

  it("throws and catches exceptions: the program's own and the standard library's (stoi, at, bad_alloc)", async () => {
    const result = await runFixture(engine, "clangpp", "exceptions.cpp");
    exitedWith(result);
    assert.equal(
      text(result.stdout),
      [
        "unwound check",
        "line 3: empty line",
        "unwound check",
        "invalid_argument: stoi: no conversion",
        "out_of_range",
        "bad_alloc: std::bad_alloc",
        "caught 7, rethrowing",
        "caught again",
        "rethrown: kept for later",
        "",
      ].join("\n"),
    );
  });

  it("reports an uncaught exception as g++ does, and the program ends as by abort()", async () => {
    const result = await runFixture(engine, "clangpp", "uncaught.cpp");
    assert.equal(text(result.stdout), "before\n");
    assert.equal(
      text(result.stderr),
      "terminate called after throwing an instance of 'std::out_of_range'\n  what():  vector\n",
    );
    assert.equal(result.status, "crashed");
    assert.equal(result.status === "crashed" && result.source, "program");
  });

  it("reports an uncaught exception of a type that is not a std::exception by its name", async () => {
    const source = "struct Oops { int code; };\nint main() { throw Oops{3}; }\n";
    const result = await runSource(engine, "clangpp", "oops.cpp", source);
    assert.equal(text(result.stderr), "terminate called after throwing an instance of 'Oops'\n");
  });

  it("lets exit() inside try/catch end the program (the host's exit is not a C++ exception)", async () => {
    const source =
      '#include <cstdlib>\n#include <cstdio>\nint main() { try { std::puts("bye"); std::exit(3); } catch (...) { std::puts("caught"); } }\n';
    const result = await runSource(engine, "clangpp", "bye.cpp", source);
    exitedWith(result, 3);
    assert.equal(text(result.stdout), "bye\n");
  });

  it("ignores a program's own std::less<T> in std::set, as `runno runtimes` says (libc++ 22, not g++)", async () => {
    // A documented difference from g++: when libc++ stops comparing through std::less<void>,
    // this test fails and the note in langs/clangpp.json and langs/README.md should go.
    const source = `#include <set>
#include <cstdio>
struct P { int x, y; };
template <> struct std::less<P> { bool operator()(const P& a, const P& b) const { return a.y < b.y; } };
int main() { std::set<P> s{{5, 9}, {7, 1}}; for (const P& p : s) std::printf("%d ", p.x); }
`;
    const result = await runSource(engine, "clangpp", "less.cpp", source);
    assert.equal(result.status, "compile-failed", text(result.stdout));
    assert.match(text(result.stderr), /no matching function for call to object of type 'const std::less<void>'/);
  });

  it("`runno run --std` picks the standard, and a wrong one is a one-line usage error", () => {
    const ok = spawnRunno(["run", "--std", "c++20", "fixtures/clangpp/cpp20.cpp"]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, "4 8 12 16 20 \n   ab|3.14\n1\n");
    const wrong = spawnRunno(["run", "--std", "c++20", "fixtures/clang/greet.c"]);
    assert.equal(wrong.status, 125);
    assert.match(
      wrong.stderr,
      /^runno: --std c\+\+20 does not apply to the clang runtime: one of c89, .*gnu17, gnu23\n$/,
    );
    assert.equal(wrong.stderr.trim().split("\n").length, 1);
  });

  it("takes the standard of a test file's `std:` key", () => {
    const dir = scratchDir("runno-std-");
    copyFileSync(join(REPO, "fixtures/clangpp/cpp20.cpp"), join(dir, "cpp20.cpp"));
    const yaml = (std: string) =>
      `entry: cpp20.cpp\nstd: ${std}\ntests:\n  - name: prints\n    stdout: "4 8 12 16 20\\n   ab|3.14\\n1\\n"\n`;
    writeFileSync(join(dir, "new.runno.yaml"), yaml("c++20"));
    const passed = spawnRunno(["test", join(dir, "new.runno.yaml")]);
    assert.equal(passed.status, 0, passed.stdout + passed.stderr);
    writeFileSync(join(dir, "old.runno.yaml"), yaml("c++17"));
    const failed = spawnRunno(["test", join(dir, "old.runno.yaml")]);
    assert.equal(failed.status, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /cpp20\.cpp:\d+:\d+: error:/);
  });

  it("lists versions, standards, flags and licences in `runno runtimes`", () => {
    const listed = spawnRunno(["runtimes"]);
    assert.equal(listed.status, 0);
    assert.match(listed.stdout, /^clangpp: standards and flags\n {2}standards: gnu\+\+17 \(default.*c\+\+20/m);
    assert.match(listed.stdout, /flags: +-c -O2 -std=gnu\+\+17 -fwasm-exceptions/);
    assert.match(
      listed.stdout,
      /^clangpp \(C\+\+ \(clang\+\+\) clang 22\.1\.0\), licence Apache-2\.0 WITH LLVM-exception .*different from native:\n {2}- no threads/m,
    );
  });

  stackTests(() => engine);
});

describe("C stack without shared memory", function () {
  this.timeout(240_000);
  const engine = createEngineWithoutSharedMemory();
  after(() => engine.dispose());
  stackTests(() => engine);
});

function stackTests(engine: () => SandboxEngine): void {
  it("recurses 200,000 calls deep, as with Linux's 8 MiB stack", async () => {
    const result = await runFixture(engine(), "clang", "deep-recursion.c");
    exitedWith(result);
    assert.equal(text(result.stdout), "19999900000\n");
  });

  it("holds 100 frames of 64 KiB with globals intact, and reports 200 as a stack overflow", async () => {
    const fits = await runFixture(engine(), "clang", "big-frames.c", { args: ["100"] });
    exitedWith(fits);
    assert.equal(text(fits.stdout), "5050 marker=42\n");
    const overflows = await runFixture(engine(), "clang", "big-frames.c", { args: ["200"] });
    assert.equal(overflows.status, "crashed");
    assert.match(
      overflows.status === "crashed" ? overflows.message : "",
      /^stack overflow: the program used up its stack \(8 MiB/,
    );
    assert.equal(text(overflows.stdout), "", "no result computed on a corrupted stack");
  });

  it("reports endless recursion without stack frames in memory as a stack overflow, not a bare trap", async () => {
    // Called through a volatile pointer, so the compiler cannot turn it into a loop.
    const source =
      "int down(int n);\nint (*volatile self)(int) = down;\nint down(int n) { return self(n + 1) + 1; }\nint main(void) { return down(0); }\n";
    const result = await runSource(engine(), "clang", "endless.c", source);
    assert.equal(result.status, "crashed");
    assert.match(result.status === "crashed" ? result.message : "", /^stack overflow/);
  });

  it("lets Python recurse as deep as its own recursion limit, then raise RecursionError", async () => {
    const source = [
      "import sys",
      "def depth(n):",
      "    return 0 if n == 0 else depth(n - 1) + 1",
      "print(depth(sys.getrecursionlimit() - 50))",
      "try:",
      "    depth(10 ** 6)",
      "except RecursionError:",
      "    print('RecursionError')",
    ].join("\n");
    const result = await runSource(engine(), "python", "deep.py", source + "\n");
    exitedWith(result);
    assert.equal(text(result.stdout), "950\nRecursionError\n");
  });
}
