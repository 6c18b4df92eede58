// The `runno` command as a user runs it: a child process, its output and exit status.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, RUNNO, scratchDir, spawnRunno, TEST_CACHE_DIR } from "./helpers";

const runno = (args: string[], input = "") => spawnRunno(args, { input });

/** The user-facing error is one line and no JavaScript stack trace. */
function assertOneLine(stderr: string, pattern: RegExp) {
  assert.match(stderr, pattern);
  assert.equal(stderr.trim().split("\n").length, 1, `more than one line: ${stderr}`);
  assert.doesNotMatch(stderr, /\n\s+at |Error:/);
}

describe("runno CLI", function () {
  this.timeout(120_000);
  const scratch = scratchDir("runno-cli-");

  it("runs a program with stdin from a file and arguments after --", () => {
    const dir = join(scratch, "args");
    mkdirSync(dir);
    writeFileSync(join(dir, "main.py"), "import sys\nprint(sys.argv[1:], input())\n");
    writeFileSync(join(dir, "in.txt"), "from file\n");
    const r = runno(["run", join(dir, "main.py"), "--stdin", join(dir, "in.txt"), "--", "a", "--b"]);
    assert.equal(r.stdout, "['a', '--b'] from file\n");
    assert.equal(r.status, 0);
  });

  it("passes this process's stdin when no --stdin is given", () => {
    const r = runno(["run", "fixtures/python/greet.py"], "Ada\n");
    assert.equal(r.stdout, "Hello, Ada!\n");
  });

  it("exits with the program's exit code", () => {
    assert.equal(runno(["run", "fixtures/ruby/exit.rb"]).status, 3);
  });

  it("exits 124 with one line when the time limit stops the program", () => {
    const dir = join(scratch, "spin");
    mkdirSync(dir);
    writeFileSync(join(dir, "spin.py"), "print('started', flush=True)\nwhile True: pass\n");
    // 2 s leaves a cold Python on a busy machine time to print first.
    const r = runno(["run", join(dir, "spin.py"), "--timeout", "2"]);
    assert.equal(r.status, 124);
    assert.equal(r.stdout, "started\n");
    assertOneLine(r.stderr, /^runno: timed out after 2 s$/m);
  });

  it("exits 137 when the sandbox stops the program for output", () => {
    const dir = join(scratch, "flood");
    mkdirSync(dir);
    writeFileSync(join(dir, "flood.py"), "while True: print('y' * 1000)\n");
    const r = runno(["run", join(dir, "flood.py")]);
    assert.equal(r.status, 137);
    assert.equal(Buffer.byteLength(r.stdout), 1024 * 1024);
    assertOneLine(r.stderr, /^runno: stopped: output limit of 1 MiB reached$/m);
  });

  it("exits 137 when a C program dies of a failed allocation at the --memory cap", () => {
    const dir = join(scratch, "mem");
    mkdirSync(dir);
    // malloc returns NULL at the cap; abort() there is how C++'s operator new fails too.
    // The pointers are kept so that -O2 cannot drop the allocations.
    const source =
      "#include <stdlib.h>\n#include <string.h>\nchar *kept[4096];\nint main(void){ for (int n = 0;; n++) { char *p = malloc(1 << 20); if (!p) abort(); kept[n] = p; memset(p, 1, 1 << 20); } }\n";
    writeFileSync(join(dir, "mem.c"), source);
    const r = runno(["run", join(dir, "mem.c"), "--memory", "64"]);
    assert.equal(r.status, 137);
    assertOneLine(r.stderr, /^runno: stopped: memory limit of 64 MiB reached/);
  });

  it("exits 1 and shows clang's diagnostics when compilation fails", () => {
    const r = runno(["run", "fixtures/clang/error.c"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error\.c:4:12: error: expected ';'/m);
    assert.match(r.stderr, /^runno: compilation failed/m);
    assert.equal(r.stdout, "");
  });

  it("exits 125 with one line for a wrong command line", () => {
    for (const args of [
      ["run"],
      ["run", "nope.py"],
      ["run", "fixtures/python/data.txt"],
      ["run", "x.py", "--timeout", "soon"],
      ["fly"],
      ["run", "fixtures/python/greet.py", "--runtime", "cobol"],
    ]) {
      const r = runno(args);
      assert.equal(r.status, 125, `runno ${args.join(" ")}`);
      assertOneLine(r.stderr, /^runno: /);
    }
  });

  it("mounts --dir HOST::GUEST and never follows a symlink out of a mounted folder", () => {
    const dir = join(scratch, "mounts");
    const data = join(scratch, "data");
    mkdirSync(dir);
    mkdirSync(data);
    writeFileSync(join(data, "note.txt"), "mounted\n");
    writeFileSync(join(scratch, "secret.txt"), "secret\n");
    symlinkSync(join(scratch, "secret.txt"), join(dir, "leak.txt"));
    symlinkSync(join(dir, "main.py"), join(dir, "self.py"));
    writeFileSync(
      join(dir, "main.py"),
      "import os\nprint(open('/data/note.txt').read().strip())\nprint(os.path.exists('leak.txt'), os.path.exists('self.py'))\n",
    );
    const r = runno(["run", join(dir, "main.py"), "--dir", `${data}::/data`]);
    assert.equal(r.stdout, "mounted\nFalse True\n");
  });

  it("sets guest environment variables with --env", () => {
    const r = runno(["run", "fixtures/python/greet.py", "--env", "A=1"], "x\n");
    assert.equal(r.status, 0);
    const dir = join(scratch, "env");
    mkdirSync(dir);
    writeFileSync(join(dir, "env.py"), "import os\nprint(os.environ.get('A'), os.environ.get('HOME'))\n");
    assert.equal(runno(["run", join(dir, "env.py"), "--env", "A=1=2"]).stdout, "1=2 None\n");
  });

  it("ends quietly when its reader goes away (| head)", () => {
    const child = spawnSync("bash", ["-c", `"${process.execPath}" "${RUNNO}" runtimes | head -n 1`], {
      cwd: REPO,
      encoding: "utf8",
    });
    assert.match(child.stdout, /^RUNTIME/);
    assert.equal(child.stderr, "");
    // Output well past a pipe's 64 KiB buffer: the reader is surely gone before it ends.
    const dir = join(scratch, "chatty");
    mkdirSync(dir);
    writeFileSync(join(dir, "chatty.py"), "for i in range(50000): print('line', i)\n");
    const chatty = spawnSync(
      "bash",
      ["-c", `"${process.execPath}" "${RUNNO}" run "${join(dir, "chatty.py")}" </dev/null | head -n 1`],
      {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, RUNNO_CACHE_DIR: TEST_CACHE_DIR },
      },
    );
    assert.equal(chatty.stdout, "line 0\n");
    assert.equal(chatty.stderr, "");
  });

  it("lists the runtimes", () => {
    const r = runno(["runtimes"]);
    assert.equal(r.status, 0);
    for (const name of ["python", "ruby", "quickjs", "clang", "clangpp", "php-cgi", "sqlite", "wasi"]) {
      assert.match(r.stdout, new RegExp(`^${name}\\s`, "m"));
    }
    assert.match(r.stdout, /^python +3\.12\.0 /m);
  });
});
