// Measurements that need a process of their own: `node dist/bench.js --MODE RUNTIME`
// (or `--native LANGUAGE`, `--runno-test LANGUAGE`) answers with one line of JSON on stdout.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function inChild<T>(
  benchScript: string,
  mode: "cold" | "floor" | "native" | "runno-test" | "runno-test-cached" | "interpreter-native" | "compiler-cold",
  runtime: string,
  count?: number,
): Promise<T> {
  const args = [benchScript, `--${mode}`, runtime, ...(count === undefined ? [] : [String(count)])];
  const { stdout } = await run(process.execPath, args, { timeout: 120_000 });
  return JSON.parse(stdout.trim().split("\n").pop()!) as T;
}

/** Ends the child with its answer. */
export function answer(value: unknown): never {
  process.stdout.write(JSON.stringify(value) + "\n");
  process.exit(0);
}
