/**
 * Each runtime's slowdown against the same language run natively: the factor a problem's
 * native time limit is multiplied by (src/testing/time-limits.ts, RUNTIME_SLOWDOWN). The
 * same CPU-bound program (a dependent arithmetic loop) in the sandbox (the program's own
 * run time, start-up included, as a time limit sees it) and natively (the process's wall
 * time), in turn, round by round; the factor is the median of the rounds' ratios.
 * `node dist/bench.js --slowdown` runs this section alone.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RuntimeName } from "../src/engine/api";
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform } from "../src/engine/platform/node";
import { RUNTIME_SLOWDOWN } from "../src/testing/time-limits";
import { pairedRatios, summarize, type Summary } from "./stats";

interface Workload {
  runtime: RuntimeName;
  file: string;
  source: string;
  /** The native command, run in the folder of `file`; a compile step first when given. */
  native: { compile?: string[]; run: string[]; label: string };
}

// total = (total * 31 + i) % 1000003: every step depends on the last, so no compiler folds it.
const loop = (n: number) => ({
  c: `#include <stdio.h>\nint main(void) { long long t = 0; for (long long i = 0; i < ${n}; i++) t = (t * 31 + i) % 1000003; printf("%lld\\n", t); return 0; }\n`,
  py: `t = 0\nfor i in range(${n}):\n    t = (t * 31 + i) % 1000003\nprint(t)\n`,
  rb: `t = 0\ni = 0\nwhile i < ${n}\n  t = (t * 31 + i) % 1000003\n  i += 1\nend\nputs t\n`,
  js: `let t = 0;\nfor (let i = 0; i < ${n}; i++) t = (t * 31 + i) % 1000003;\nconsole.log(t);\n`,
  php: `<?php\n$t = 0;\nfor ($i = 0; $i < ${n}; $i++) $t = ($t * 31 + $i) % 1000003;\necho $t, "\\n";\n`,
  sql: `WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < ${n - 1}) SELECT sum(i % 7) FROM c;\n`,
});

/**
 * QuickJS has no Debian package: scripts/setup-bench.sh builds qjs from source, and
 * RUNNO_NATIVE_QJS names it (else `qjs` on the PATH; without one the row is n/a).
 * Node is not a baseline for QuickJS: a JIT against an interpreter would say nothing about wasm.
 */
const NATIVE_QJS = process.env.RUNNO_NATIVE_QJS ?? "qjs";

const WORKLOADS: Workload[] = [
  {
    runtime: "clang",
    file: "loop.c",
    source: loop(100_000_000).c,
    native: { compile: ["gcc", "-O2", "-o", "loop-native", "loop.c"], run: ["./loop-native"], label: "gcc -O2" },
  },
  {
    runtime: "clangpp",
    file: "loop.cpp",
    source: loop(100_000_000).c,
    native: {
      compile: ["g++", "-O2", "-o", "loop-native-cpp", "loop.cpp"],
      run: ["./loop-native-cpp"],
      label: "g++ -O2",
    },
  },
  {
    runtime: "python",
    file: "loop.py",
    source: loop(3_000_000).py,
    native: { run: ["python3", "loop.py"], label: "python3" },
  },
  { runtime: "ruby", file: "loop.rb", source: loop(3_000_000).rb, native: { run: ["ruby", "loop.rb"], label: "ruby" } },
  {
    runtime: "quickjs",
    file: "loop.js",
    source: loop(3_000_000).js,
    native: { run: [NATIVE_QJS, "loop.js"], label: "qjs 2021-03-27 (gcc -O2 -flto)" },
  },
  {
    runtime: "php-cgi",
    file: "loop.php",
    source: loop(3_000_000).php,
    native: { run: ["php", "loop.php"], label: "php (php-cli)" },
  },
  {
    runtime: "sqlite",
    file: "loop.sql",
    source: loop(1_000_000).sql,
    native: { run: ["sqlite3", ":memory:", ".read loop.sql"], label: "sqlite3" },
  },
];

const ROUNDS = 3;

export interface SlowdownRow {
  runtime: RuntimeName;
  native: string;
  sandbox?: Summary;
  nativeMs?: Summary;
  /** Median of the rounds' sandbox / native ratios, with min and max. */
  factor?: { median: number; min: number; max: number; pairs: number };
  /** The factor the runner uses today (RUNTIME_SLOWDOWN). */
  used: number;
  unavailable?: string;
}

export async function benchSlowdown(distDir: string, progress: (line: string) => void): Promise<SlowdownRow[]> {
  const engine = new SandboxEngine(bundledNodePlatform(distDir), { workers: 1 });
  const dir = mkdtempSync(join(tmpdir(), "runno-slowdown-"));
  const rows: SlowdownRow[] = [];
  try {
    for (const workload of WORKLOADS) {
      const row: SlowdownRow = {
        runtime: workload.runtime,
        native: workload.native.label,
        used: RUNTIME_SLOWDOWN[workload.runtime],
      };
      rows.push(row);
      try {
        writeFileSync(join(dir, workload.file), workload.source);
        if (workload.native.compile) command(workload.native.compile, dir);
        const files = new Map([["/" + workload.file, new TextEncoder().encode(workload.source)]]);
        const request = { runtime: workload.runtime, entry: "/" + workload.file, files, limits: { timeMs: 120_000 } };
        const compiled = workload.native.compile ? await engine.compile(request) : undefined;
        if (compiled?.status === "failed") throw new Error("the loop did not compile in the sandbox");
        const program = compiled?.status === "compiled" ? compiled.program : undefined;
        const sandbox: number[] = [];
        const native: number[] = [];
        for (let round = 1; round <= ROUNDS; round++) {
          progress(`slowdown ${workload.runtime}: round ${round}/${ROUNDS}`);
          const run = await engine.run({ ...request, compiled: program });
          if (run.status !== "exited" || run.exitCode !== 0) throw new Error(`the sandbox run ended ${run.status}`);
          const natively = command(workload.native.run, dir);
          // The same answer both ways, or the two did not run the same program.
          const printed = new TextDecoder().decode(run.stdout).trim();
          if (printed !== natively.stdout.trim())
            throw new Error(
              `the sandbox printed ${JSON.stringify(printed.slice(0, 40))}, natively ${JSON.stringify(natively.stdout.trim().slice(0, 40))}`,
            );
          sandbox.push(run.durationMs);
          native.push(natively.ms);
        }
        row.sandbox = summarize(sandbox);
        row.nativeMs = summarize(native);
        row.factor = pairedRatios(sandbox, native);
        progress(
          `slowdown ${workload.runtime}: ${row.factor.median}x ${workload.native.label} (${row.factor.min}-${row.factor.max})`,
        );
      } catch (error) {
        row.unavailable = error instanceof Error ? error.message : String(error);
        progress(`slowdown ${workload.runtime}: n/a: ${row.unavailable}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await engine.dispose();
  }
  return rows;
}

/** Runs a native command to completion; its wall time in ms and what it printed. */
function command(argv: string[], cwd: string): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(argv[0], argv.slice(1), { cwd, encoding: "utf8", timeout: 120_000 });
  if (result.error) throw new Error(`${argv[0]}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${argv.join(" ")} exited ${result.status}: ${result.stderr.trim().split("\n")[0]}`);
  return { ms: performance.now() - started, stdout: result.stdout };
}

export function formatSlowdownReport(rows: SlowdownRow[]): string {
  const lines = [
    "Slowdown of each runtime against the same language natively (CPU-bound loop; the default time-limit multiplier):",
    "",
    "| runtime | native | sandbox (ms) | native (ms) | factor (median of rounds) | multiplier used |",
    "|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const cell = (summary?: Summary) => (summary ? String(summary.median) : "n/a");
    const factor = row.factor
      ? `${row.factor.median}x (${row.factor.min}-${row.factor.max})`
      : `n/a${row.unavailable ? `: ${row.unavailable}` : ""}`;
    lines.push(
      `| ${row.runtime} | ${row.native} | ${cell(row.sandbox)} | ${cell(row.nativeMs)} | ${factor} | ${row.used} |`,
    );
  }
  return lines.join("\n");
}
