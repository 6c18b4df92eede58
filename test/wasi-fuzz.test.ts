// The WASI fuzzer (test/wasi-fuzz.ts) for a bounded time in `npm test`; longer with
// RUNNO_FUZZ_MS=60000 (and RUNNO_FUZZ_PROGRAMS, RUNNO_FUZZ_SEED) or `npm run fuzz`.
import assert from "node:assert/strict";
import { PREVIEW1 } from "../src/engine/wire/wasi-abi";
import { createEngine, text } from "./helpers";
import { fuzzSession } from "./wasi-fuzz";
import { random } from "./seeded-random";
import { wasiProgram, type Step } from "./wasm-builder";

const FUZZ_MS = Number(process.env.RUNNO_FUZZ_MS ?? 2000);
const PROGRAMS = Number(process.env.RUNNO_FUZZ_PROGRAMS ?? 6);
const FIRST_SEED = Number(process.env.RUNNO_FUZZ_SEED ?? Date.now() % 1_000_000);
const LIMITS = { fsBytes: 64 * 1024, fsFiles: 40, openFiles: 12, outputBytes: 4096 };

describe("WASI fuzzing", function () {
  this.timeout(FUZZ_MS + 120_000);

  it(`calls every preview1 import with random arguments for ${FUZZ_MS} ms: no exception escapes, EFAULT changes nothing, quotas hold`, () => {
    const end = Date.now() + FUZZ_MS;
    let seed = FIRST_SEED;
    let sessions = 0;
    // Per call: [succeeded, EFAULT, other errno], shown when asked for (a longer run).
    const stats = new Map<string, number[]>();
    while (Date.now() < end) {
      const findings = fuzzSession(seed, 400, LIMITS, stats);
      assert.deepEqual(findings, [], `seed ${seed} (replay: RUNNO_FUZZ_SEED=${seed})`);
      seed++;
      sessions++;
    }
    assert.ok(sessions > 0);
    if (process.env.RUNNO_FUZZ_STATS) {
      const rows = [...stats]
        .sort()
        .map(([name, [ok, fault, other]]) => `${name.padEnd(24)} ${ok} ok, ${fault} EFAULT, ${other} other`);
      console.log(`${sessions} sessions from seed ${FIRST_SEED}\n${rows.join("\n")}`);
    }
  });

  it("runs random programs of WASI calls in the worker, which stays usable", async () => {
    const engine = createEngine(1);
    try {
      const names = Object.keys(PREVIEW1).filter((name) => name !== "poll_oneoff");
      for (let p = 0; p < PROGRAMS; p++) {
        const rand = random(FIRST_SEED + p);
        const int = (max: number) => Math.floor(rand() * max);
        const arg = (type: string) =>
          type === "i64"
            ? BigInt(int(2 ** 31)) * (rand() < 0.5 ? 1n : 1n << 32n)
            : [0, 3, 4, 5, 16, 60000, 65532, 65536, -1, int(2 ** 31)][int(10)];
        const steps: Step[] = Array.from({ length: 200 }, () => {
          const name = names[int(names.length)];
          const shape = PREVIEW1[name];
          const types = shape.params.flatMap((p) =>
            p === "u64" || p === "s64"
              ? ["i64"]
              : p === "str" || p === "buf" || p === "iovs"
                ? ["i32", "i32"]
                : ["i32"],
          );
          return { call: name, args: types.map(arg) };
        });
        const wasm = wasiProgram({ steps, data: [{ offset: 16, bytes: [...Buffer.from("a/b/../c")] }] });
        const result = await engine.run({
          runtime: "wasi",
          entry: "/p.wasm",
          cwd: "/",
          files: new Map([["/a", Buffer.from("x")]]),
          compiled: { runtime: "wasi", wasm, diagnostics: new Uint8Array(0) },
          limits: {
            timeMs: 5000,
            fsBytes: LIMITS.fsBytes,
            fsFiles: LIMITS.fsFiles,
            openFiles: LIMITS.openFiles,
            outputBytes: LIMITS.outputBytes,
          },
        });
        const failed = result.status === "crashed" && result.source === "sandbox";
        assert.ok(
          !failed && result.status !== "timeout",
          `program ${p} (seed ${FIRST_SEED + p}): ${JSON.stringify({ ...result, stdout: undefined, stderr: undefined })}`,
        );
      }
      const hello = await engine.run({
        runtime: "python",
        entry: "/w/h.py",
        files: new Map([["/w/h.py", Buffer.from("print('still here')")]]),
      });
      assert.equal(text(hello.stdout), "still here\n");
    } finally {
      await engine.dispose();
    }
  });
});
