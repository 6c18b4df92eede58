/**
 * Runs the WASI preview1 tests of WebAssembly/wasi-testsuite (branch `prod/testsuite-base`,
 * a local copy: the suite is never committed here) through our engine and through Node's own
 * `node:wasi`, with the suite's rules, and prints a table.
 *
 *   npm run wasi-conformance -- /path/to/wasi-testsuite [--only ours|node] [--grep TEXT] [--verbose]
 *
 * The rules (the suite's doc/specification.md and test-runner): each `NAME.wasm` with an
 * optional `NAME.json` giving `args`, `env` (the whole environment), `root` (a folder
 * preopened as `/`, as the wasmtime adapter does with `--dir ROOT::/`), the expected
 * `exit_code` and the expected start of `stdout` / `stderr`. argv[0] is the module's path.
 * Each run gets a fresh copy of the root folder, so runs cannot affect one another.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import type { FileMap } from "../src/engine/api";
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform } from "../src/engine/platform/node";

interface TestSpec {
  name: string;
  suite: string;
  wasm: string;
  args: string[];
  env: Record<string, string>;
  root: string | null;
  exitCode: number;
  stdout: string | null;
  stderr: string | null;
}

interface Outcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Set when the run did not end with an exit code (a crash, a trap, a timeout). */
  problem?: string;
}

const TIME_LIMIT_MS = 20_000;

/** Every preview1 test of the suite's folder: the `wasm32-wasip1` folders of each language. */
function findTests(suiteDir: string): TestSpec[] {
  const tests: TestSpec[] = [];
  const testsDir = join(suiteDir, "tests");
  for (const language of readdirSync(testsDir).sort()) {
    const dir = join(testsDir, language, "testsuite", "wasm32-wasip1");
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(".wasm")) continue;
      const name = file.slice(0, -".wasm".length);
      const specFile = join(dir, `${name}.json`);
      const spec = existsSync(specFile) ? JSON.parse(readFileSync(specFile, "utf8")) : {};
      if (spec.operations) throw new Error(`${name}: operation-based specs are not handled (no preview1 test has one)`);
      tests.push({
        name,
        suite: language,
        wasm: join(dir, file),
        args: spec.args ?? [],
        env: spec.env ?? {},
        root: spec.root ? join(dir, spec.root) : null,
        exitCode: spec.exit_code ?? 0,
        stdout: spec.stdout ?? null,
        stderr: spec.stderr ?? null,
      });
    }
  }
  return tests;
}

/** The suite's checks: exit code, and each given stream starts with the expected text. */
function verdict(test: TestSpec, outcome: Outcome): string | null {
  if (outcome.problem) return `${outcome.problem}; stderr: ${JSON.stringify(outcome.stderr.slice(-300))}`;
  for (const [stream, expected] of [
    ["stdout", test.stdout],
    ["stderr", test.stderr],
  ] as const) {
    if (expected !== null && outcome[stream].slice(0, expected.length) !== expected) {
      return `${stream}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(outcome[stream].slice(0, 200))}`;
    }
  }
  if (outcome.exitCode !== test.exitCode) {
    return `exit code ${outcome.exitCode}, expected ${test.exitCode}; stderr: ${JSON.stringify(outcome.stderr.slice(-300))}`;
  }
  return null;
}

/** The files under `dir` as guest paths under `/`. */
function filesUnder(dir: string): FileMap {
  const files: FileMap = new Map();
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      const path = join(at, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set("/" + relative(dir, path).split("\\").join("/"), new Uint8Array(readFileSync(path)));
    }
  };
  walk(dir);
  return files;
}

async function runOurs(engine: SandboxEngine, test: TestSpec): Promise<Outcome> {
  const wasm = new Uint8Array(readFileSync(test.wasm));
  // The module is given as a compiled program, so that the guest's `/` holds exactly the
  // root folder's files, as under wasmtime.
  const result = await engine.run({
    runtime: "wasi",
    entry: `/${basename(test.wasm)}`,
    cwd: "/",
    files: test.root ? filesUnder(test.root) : new Map(),
    compiled: { runtime: "wasi", wasm, diagnostics: new Uint8Array(0) },
    args: test.args,
    env: test.env,
    limits: { timeMs: TIME_LIMIT_MS },
  });
  const decoder = new TextDecoder();
  const stdout = decoder.decode(result.stdout);
  const stderr = decoder.decode(result.stderr);
  if (result.status === "exited") return { exitCode: result.exitCode, stdout, stderr };
  const detail = "message" in result ? `: ${result.message}` : "";
  return { exitCode: null, stdout, stderr, problem: `${result.status}${detail}` };
}

/** node:wasi in a child process per test (it can crash Node), on a scratch copy of the root. */
function runNode(test: TestSpec): Outcome {
  const scratch = mkdtempSync(join(tmpdir(), "wasi-conformance-"));
  try {
    if (test.root) cpSync(test.root, scratch, { recursive: true });
    const child = spawnSync(
      process.execPath,
      ["--no-warnings", __filename, "--node-wasi-child", JSON.stringify({ ...test, root: test.root ? scratch : null })],
      {
        encoding: "utf8",
        timeout: TIME_LIMIT_MS,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    if (child.error)
      return {
        exitCode: null,
        stdout: child.stdout ?? "",
        stderr: child.stderr ?? "",
        problem: `node:wasi: ${child.error.message}`,
      };
    if (child.signal)
      return {
        exitCode: null,
        stdout: child.stdout,
        stderr: child.stderr,
        problem: `node:wasi crashed (${child.signal})`,
      };
    return { exitCode: child.status, stdout: child.stdout, stderr: child.stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** In the child: run one test under node:wasi with this process's stdio as the guest's. */
async function nodeWasiChild(test: TestSpec): Promise<never> {
  const { WASI } = await import("node:wasi");
  const wasi = new WASI({
    version: "preview1",
    args: [test.wasm, ...test.args],
    env: test.env,
    preopens: test.root ? { "/": test.root } : {},
    returnOnExit: true,
  });
  const module = await WebAssembly.compile(readFileSync(test.wasm));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as WebAssembly.Imports);
  let code: number;
  try {
    code = wasi.start(instance);
  } catch (error) {
    process.stderr.write(`trap: ${error instanceof Error ? error.message : error}\n`);
    code = 134;
  }
  process.exit(code);
}

function parseArgs(argv: string[]) {
  const options = { suiteDir: "", only: "" as "" | "ours" | "node", grep: "", verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--only") options.only = argv[++i] as "ours" | "node";
    else if (arg === "--grep") options.grep = argv[++i];
    else if (arg === "--verbose") options.verbose = true;
    else options.suiteDir = arg;
  }
  if (!options.suiteDir || !existsSync(join(options.suiteDir, "tests"))) {
    throw new Error(
      "usage: wasi-conformance SUITE_DIR [--only ours|node] [--grep TEXT] [--verbose]   (SUITE_DIR: a checkout of WebAssembly/wasi-testsuite, branch prod/testsuite-base)",
    );
  }
  return options;
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf("--node-wasi-child");
  if (childAt >= 0) await nodeWasiChild(JSON.parse(process.argv[childAt + 1]));
  const options = parseArgs(process.argv.slice(2));
  const tests = findTests(options.suiteDir).filter((test) => test.name.includes(options.grep));
  const engine = new SandboxEngine(bundledNodePlatform(__dirname), { workers: 1 });
  const totals = { ours: 0, node: 0 };
  const mark = (failure: string | null | undefined) =>
    failure === undefined ? "-" : failure === null ? "pass" : "FAIL";
  console.log(`| test | suite | ours | node:wasi |\n|---|---|---|---|`);
  try {
    for (const test of tests) {
      const ours = options.only === "node" ? undefined : verdict(test, await runOurs(engine, test));
      const node = options.only === "ours" ? undefined : verdict(test, runNode(test));
      if (ours === null) totals.ours++;
      if (node === null) totals.node++;
      console.log(`| ${test.name} | ${test.suite} | ${mark(ours)} | ${mark(node)} |`);
      if (options.verbose) {
        if (ours) console.log(`    ours: ${ours}`);
        if (node) console.log(`    node: ${node}`);
      }
    }
  } finally {
    await engine.dispose();
  }
  const figure = (count: number, ran: boolean) => (ran ? `${count}/${tests.length}` : "-");
  console.log(
    `| **passed** | | **${figure(totals.ours, options.only !== "node")}** | **${figure(totals.node, options.only !== "ours")}** |`,
  );
}

main().catch((error) => {
  console.error(`wasi-conformance: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
