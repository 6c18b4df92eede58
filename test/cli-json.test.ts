// `runno run --json` and `--files-out`: the result as one JSON object, the files on the host.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scratchDir, spawnRunno } from "./helpers";

describe("runno run --json", function () {
  this.timeout(120_000);
  const scratch = scratchDir("runno-json-");

  function program(name: string, source: string, extra: Record<string, string> = {}): string {
    const dir = join(scratch, name);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "main.py");
    writeFileSync(file, source);
    for (const [path, content] of Object.entries(extra)) writeFileSync(join(dir, path), content);
    return file;
  }

  it("prints one JSON object: outcome, exit code, output, tty, the files made and changed (not the untouched ones)", () => {
    const file = program(
      "files",
      [
        "import sys",
        "print('to stdout', input())",
        "print('to stderr', file=sys.stderr)",
        "open('made.txt', 'w').write('new file')",
        "open('given.txt', 'a').write(' + more')",
        "open('bytes.bin', 'wb').write(bytes([0, 1, 254]))",
        "sys.exit(5)",
      ].join("\n"),
      { "given.txt": "given", "untouched.txt": "same" },
    );
    const r = spawnRunno(["run", file, "--json"], { input: "Ada\n" });
    assert.equal(r.status, 5, r.stderr);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout.trim().split("\n").length, 1, "one line of JSON");
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.outcome, { kind: "exited", exitCode: 5 });
    assert.equal(json.exitCode, 5);
    assert.equal(json.stdout, "to stdout Ada\n");
    assert.equal(json.stderr, "to stderr\n");
    assert.equal([...json.tty].sort().join(""), [..."to stdout Ada\nto stderr\n"].sort().join(""));
    assert.equal(typeof json.durationMs, "number");
    assert.deepEqual(json.files, [
      { path: "bytes.bin", size: 3, encoding: "base64", content: Buffer.from([0, 1, 254]).toString("base64") },
      { path: "given.txt", size: 12, encoding: "utf8", content: "given + more" },
      { path: "made.txt", size: 8, encoding: "utf8", content: "new file" },
    ]);
    assert.equal(json.filesTruncated, false);
    assert.equal(json.filesPartial, false);
  });

  it("reports a timeout as its outcome, with exit status 124, no line on stderr, and the files written before it", () => {
    const file = program(
      "spin",
      "open('before.txt', 'w').write('kept')\nprint('started', flush=True)\nwhile True: pass\n",
    );
    // 5 s leaves a cold Python on a busy machine time to print first.
    const r = spawnRunno(["run", file, "--json", "--timeout", "5"]);
    assert.equal(r.status, 124);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.outcome, { kind: "timeout", limitSeconds: 5 });
    assert.equal(json.exitCode, null);
    assert.equal(json.stdout, "started\n");
    // Its files as the program last closed them, and said to be so.
    assert.deepEqual(json.files, [{ path: "before.txt", size: 4, encoding: "utf8", content: "kept" }]);
    assert.equal(json.filesPartial, true);
    assert.equal(json.filesTruncated, false);
  });

  it("reports a compile error and a sandbox refusal as outcomes", () => {
    const dir = join(scratch, "c");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "bad.c"), "int main(void) { return y; }\n");
    const c = spawnRunno(["run", join(dir, "bad.c"), "--json"]);
    const json = JSON.parse(c.stdout);
    assert.equal(json.outcome.kind, "compile-error");
    assert.match(json.stderr, /undeclared identifier 'y'/);
    assert.equal(c.status, json.exitCode);
  });

  it("--files-out writes the created files under DIR, with or without --json", () => {
    const file = program(
      "out",
      "import os\nos.makedirs('sub', exist_ok=True)\nopen('sub/r.csv', 'w').write('a,b\\n')\nprint('done')\n",
    );
    const out = join(scratch, "out-dir");
    const r = spawnRunno(["run", file, "--json", "--files-out", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).filesWritten, ["sub/r.csv"]);
    assert.equal(readFileSync(join(out, "sub", "r.csv"), "utf8"), "a,b\n");

    const out2 = join(scratch, "out-dir-2");
    const plain = spawnRunno(["run", file, "--files-out", out2]);
    assert.equal(plain.stdout, "done\n");
    assert.equal(plain.stderr, `runno: wrote 1 file(s) to ${out2}\n`);
    assert.deepEqual(readdirSync(out2), ["sub"]);
  });
});
