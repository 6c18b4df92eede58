// The layering rules of .dependency-cruiser.cjs: src/ keeps them, and each rule catches the import it forbids.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO, scratchDir } from "./helpers";

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

const CONFIG = join(REPO, ".dependency-cruiser.cjs");
const DEPCRUISE = join(REPO, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

/** Cruises `src/` of the folder `cwd` with the project's rules and returns the violations found. */
function violationsIn(cwd: string): Violation[] {
  const run = spawnSync(process.execPath, [DEPCRUISE, "src", "--config", CONFIG, "--output-type", "json"], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(run.stdout, `dependency-cruiser printed nothing: ${run.stderr}`);
  return JSON.parse(run.stdout).summary.violations;
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe("layering (dependency-cruiser)", function () {
  this.timeout(120_000);

  it("holds in src/: no import breaks a rule", () => {
    const violations = violationsIn(REPO);
    const listed = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).join("\n");
    assert.deepEqual(violations, [], `layering rules broken:\n${listed}`);
  });

  it("names the rule each forbidden import breaks", () => {
    const root = scratchDir("runno-layering-");
    writeTree(root, {
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2022", strict: true } }),
      "package.json": JSON.stringify({ name: "scratch", private: true }),
      "src/engine/api.ts": "export const x = 1;\n",
      "src/engine/host.ts": 'import * as fs from "node:fs";\nexport const host = fs;\n',
      "src/engine/platform/node.ts": 'import * as fs from "node:fs";\nexport const platform = fs;\n',
      "src/engine/uses-vscode.ts": 'import * as vscode from "vscode";\nexport const v = vscode;\n',
      "src/engine/uses-runner.ts": 'import { runner } from "../testing/runner";\nexport const r = runner;\n',
      "src/engine/worker/job.ts": 'import { host } from "../host";\nexport const j = host;\n',
      "src/testing/runner.ts": 'import { platform } from "../engine/platform/node";\nexport const runner = platform;\n',
      "src/testing/uses-cli.ts": 'import { main } from "../cli/main";\nexport const m = main;\n',
      "src/testing/uses-wire.ts": 'import { p } from "../engine/wire/protocol";\nexport const w = p;\n',
      "src/testing/uses-entry.ts":
        'import type { x } from "../engine/api";\nimport { host } from "../engine";\nexport const e = [host];\n',
      "src/cli/main.ts": 'import { ext } from "../extension/activate";\nexport const main = ext;\n',
      "src/extension/activate.ts": 'import * as vscode from "vscode";\nexport const ext = vscode;\n',
      "src/engine/wire/protocol.ts":
        'import type { x } from "../api";\nimport { pool } from "../pool";\nexport const p = [pool];\n',
      "src/engine/pool.ts": "export const pool = 1;\n",
      "src/engine/worker/serve.ts": 'import { p } from "../wire/protocol";\nexport const s = p;\n',
      "src/engine/index.ts": 'export { host } from "./host";\n',
      "src/testing/index.ts": 'export { runner } from "./runner";\n',
      "src/mcp/server.ts":
        'import { host } from "../engine";\nimport { runner } from "../testing";\nexport const s = [host, runner];\n',
      "src/tools/run-code.ts": 'import { host } from "../engine/host";\nexport const t = host;\n',
      "src/library/sandbox.ts": 'import { runner } from "../testing/runner";\nexport const l = runner;\n',
      "src/extension/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
      "src/extension/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
    });

    const found = violationsIn(root).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    const expected = [
      "vscode-only-in-extension: src/engine/uses-vscode.ts -> vscode",
      "engine-is-the-bottom: src/engine/uses-runner.ts -> src/testing/runner.ts",
      "worker-depends-on-the-wire: src/engine/worker/job.ts -> src/engine/host.ts",
      "wire-is-a-leaf: src/engine/wire/protocol.ts -> src/engine/pool.ts",
      "runner-gets-its-engine-injected: src/testing/runner.ts -> src/engine/platform/node.ts",
      "runner-below-its-users: src/testing/uses-cli.ts -> src/cli/main.ts",
      "runner-gets-its-engine-injected: src/testing/uses-wire.ts -> src/engine/wire/protocol.ts",
      "cli-and-extension-apart: src/cli/main.ts -> src/extension/activate.ts",
      "node-builtins-only-in-node-seams: src/engine/host.ts -> fs",
      "front-ends-use-public-entries: src/tools/run-code.ts -> src/engine/host.ts",
      "front-ends-use-public-entries: src/library/sandbox.ts -> src/testing/runner.ts",
    ];
    for (const violation of expected)
      assert.ok(found.includes(violation), `not caught: ${violation}\nfound:\n${found.join("\n")}`);
    assert.ok(
      found.some((v) => v.startsWith("no-cycles: src/extension/a.ts") || v.startsWith("no-cycles: src/extension/b.ts")),
      `the a <-> b cycle was not caught:\n${found.join("\n")}`,
    );
    // The allowed imports stay allowed: the Node platform file may use node:fs, the extension may use vscode.
    assert.ok(!found.some((v) => v.includes("src/engine/platform/node.ts -> fs")), found.join("\n"));
    assert.ok(!found.some((v) => v.includes("src/extension/activate.ts -> vscode")), found.join("\n"));
    assert.ok(!found.some((v) => v.startsWith("front-ends-use-public-entries: src/mcp/server.ts")), found.join("\n"));
    assert.ok(!found.some((v) => v.includes("src/testing/uses-entry.ts ->")), found.join("\n"));
    assert.ok(!found.some((v) => v.includes("src/engine/worker/serve.ts ->")), found.join("\n"));
    assert.ok(!found.some((v) => v.includes("src/engine/wire/protocol.ts -> src/engine/api.ts")), found.join("\n"));
  });
});
