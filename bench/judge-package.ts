/**
 * The judge bench's problem packages, generated (never committed) under scratch/bench-judge/:
 * - `sum`: a 2025-09 package whose secret cases hold about 21 MB of integers to add up (a
 *   few small cases, then four of ~5 MB), for C and Python solutions against native ones;
 * - `io`: for the runner's own throughput and memory, with `fixtures/bench/judge/io.c`, a
 *   program that does next to nothing itself: `drain` streams 50 MiB of input into it, `print`
 *   streams 50 MiB of output out of it, compared token by token with a 50 MiB answer, and
 *   `null` has it write the same 50 MiB to /dev/null, its own cost without the runner's;
 * - `ioOne`: a package per case of `io` (hard links to its files), and `start`, which reads no
 *   data: the CPU time of a whole `runno test` process per case, its start taken off.
 * Seeded, so every run measures the same bytes; rewritten only when the generator changes.
 */
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

const GENERATOR_VERSION = "3";
/** io.c writes blocks of 64 KiB: the lines 1000000..1008191. */
const IO_BLOCK_BYTES = 64 * 1024;
export const IO_CASE_BYTES = 50 * 1024 * 1024;

export type IoCase = "start" | "drain" | "print" | "null";

export interface JudgePackages {
  sum: string;
  io: string;
  /** A package per case of `io`, and `start` (no data), by case name. */
  ioOne: Record<IoCase, string>;
  /** Bytes of secret input of `sum`. */
  sumSecretBytes: number;
  /** Bytes of the `print` case's output and answer, and of the `drain` case's input after its first line. */
  ioBytes: number;
}

export async function writeJudgePackages(repoRoot: string): Promise<JudgePackages> {
  const root = join(repoRoot, "scratch", "bench-judge");
  const stamp = join(root, "generated.json");
  if (existsSync(stamp)) {
    const existing = JSON.parse(readFileSync(stamp, "utf8")) as JudgePackages & { version: string };
    if (existing.version === GENERATOR_VERSION) return existing;
  }
  rmSync(root, { recursive: true, force: true });
  const sum = join(root, "sum");
  const io = join(root, "io");
  const sumSecretBytes = await writeSumPackage(sum);
  const ioBytes = await writeIoPackage(io);
  const packages: JudgePackages = {
    sum,
    io,
    ioOne: writeIoCasePackages(io, join(root, "io-one")),
    sumSecretBytes,
    ioBytes,
  };
  writeFileSync(stamp, JSON.stringify({ ...packages, version: GENERATOR_VERSION }, null, 2));
  return packages;
}

async function writeSumPackage(dir: string): Promise<number> {
  mkdirSync(join(dir, "data", "sample"), { recursive: true });
  mkdirSync(join(dir, "data", "secret"), { recursive: true });
  writeFileSync(
    join(dir, "problem.yaml"),
    "problem_format_version: 2025-09\nname: Sum of many numbers\nuuid: 00000000-0000-4000-8000-00000000beef\nlimits:\n  time_limit: 10\n",
  );
  writeFileSync(join(dir, "data", "sample", "1.in"), "3\n1 2 3\n");
  writeFileSync(join(dir, "data", "sample", "1.ans"), "6\n");
  const random = seededRandom(20251201);
  const sizes = [1, 1_000, 100_000, 500_000, 500_000, 500_000, 500_000];
  let bytes = 0;
  for (const [index, count] of sizes.entries()) {
    const name = join(dir, "data", "secret", String(index + 1).padStart(2, "0"));
    let total = 0n;
    const out = createWriteStream(name + ".in");
    await write(out, `${count}\n`);
    bytes += `${count}\n`.length;
    for (let start = 0; start < count; start += 10_000) {
      const chunk: string[] = [];
      for (let i = start; i < Math.min(count, start + 10_000); i++) {
        const value = Math.floor(random() * 2_000_000_001) - 1_000_000_000;
        total += BigInt(value);
        chunk.push(String(value));
      }
      const text = chunk.join(" ") + (start + 10_000 >= count ? "\n" : " ");
      bytes += text.length;
      await write(out, text);
    }
    await close(out);
    writeFileSync(name + ".ans", `${total}\n`);
  }
  return bytes;
}

async function writeIoPackage(dir: string): Promise<number> {
  mkdirSync(join(dir, "data", "secret"), { recursive: true });
  writeFileSync(
    join(dir, "problem.yaml"),
    "problem_format_version: 2025-09\nname: Streams\nuuid: 00000000-0000-4000-8000-000000001010\nlimits:\n  time_limit: 30\n",
  );
  const blocks = IO_CASE_BYTES / IO_BLOCK_BYTES;
  const block = Array.from({ length: IO_BLOCK_BYTES / 8 }, (_, i) => `${1000000 + i}\n`).join("");
  const secret = join(dir, "data", "secret");
  writeFileSync(join(secret, "print.in"), `print ${blocks}\n`);
  await writeBlocks(join(secret, "print.ans"), "", block, blocks);
  writeFileSync(join(secret, "null.in"), `null ${blocks}\n`);
  writeFileSync(join(secret, "null.ans"), "");
  await writeBlocks(join(secret, "drain.in"), "drain\n", block, blocks);
  writeFileSync(join(secret, "drain.ans"), `${IO_CASE_BYTES}\n`);
  return IO_CASE_BYTES;
}

function writeIoCasePackages(io: string, root: string): Record<IoCase, string> {
  const packages = {} as Record<IoCase, string>;
  for (const name of ["start", "drain", "print", "null"] as const) {
    const dir = join(root, name);
    const secret = join(dir, "data", "secret");
    mkdirSync(secret, { recursive: true });
    copyFileSync(join(io, "problem.yaml"), join(dir, "problem.yaml"));
    if (name === "start") {
      writeFileSync(join(secret, "start.in"), "drain\n");
      writeFileSync(join(secret, "start.ans"), "0\n");
    } else {
      for (const ext of [".in", ".ans"]) linkSync(join(io, "data", "secret", name + ext), join(secret, name + ext));
    }
    packages[name] = dir;
  }
  return packages;
}

async function writeBlocks(path: string, head: string, block: string, blocks: number): Promise<void> {
  const out = createWriteStream(path);
  await write(out, head);
  for (let i = 0; i < blocks; i++) await write(out, block);
  await close(out);
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    out.write(text, (error) => (error ? reject(error) : resolve())) ? undefined : undefined,
  );
}

function close(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => out.end(resolve));
}

/** A small deterministic generator (mulberry32), so every run writes the same numbers. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
