/**
 * `--shard I/N`: which cases a CI job runs, so that N jobs together run every case exactly
 * once. Deterministic: the same cases (named by test file and case) give the same split on
 * every machine, whatever order they were found in.
 */

export interface Shard {
  /** 1-based, as users write it: `--shard 2/4`. */
  index: number;
  count: number;
}

/** One case to place: its test file's path (as shown, relative), its name, its weight. */
export interface ShardUnit {
  file: string;
  name: string;
  /** What the case costs: 1 when balancing by count, its data's bytes when by size. */
  weight: number;
}

export type ShardBalance = "count" | "size";
export const SHARD_BALANCES: readonly ShardBalance[] = ["count", "size"];

/** A run costs something however small its data: the size a case weighs at least. */
export const MIN_CASE_BYTES = 64 * 1024;

/** Parses `I/N` (1 <= I <= N); throws with the message to show otherwise. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count || count > 10_000) {
    throw new Error(`--shard takes I/N with 1 <= I <= N (e.g. 2/4), not "${text}"`);
  }
  return { index, count };
}

/** The key of a case in a shard plan: its file and name, which a test file keeps unique. */
export function unitKey(file: string, name: string): string {
  return `${file}\u0000${name}`;
}

/**
 * Places every unit in one of `count` shards (0-based), heaviest first, each on the
 * lightest shard so far (ties: the lower shard), which keeps the shards' totals within one
 * unit's weight of each other. Units are ordered by weight, then file, then name, so the
 * order they come in does not matter.
 */
export function planShards(units: readonly ShardUnit[], count: number): Map<string, number> {
  const ordered = [...units].sort((a, b) => b.weight - a.weight || compare(a.file, b.file) || compare(a.name, b.name));
  const loads = new Array<number>(count).fill(0);
  const sizes = new Array<number>(count).fill(0);
  const plan = new Map<string, number>();
  for (const unit of ordered) {
    let best = 0;
    for (let shard = 1; shard < count; shard++) {
      // Equal loads (all weights 1): the shard with fewer cases, so counts stay even too.
      if (loads[shard] < loads[best] || (loads[shard] === loads[best] && sizes[shard] < sizes[best])) best = shard;
    }
    loads[best] += unit.weight;
    sizes[best]++;
    plan.set(unitKey(unit.file, unit.name), best);
  }
  return plan;
}

/** The weight of a case: 1 by count; by size, its input and expected bytes, at least MIN_CASE_BYTES. */
export function caseWeight(balance: ShardBalance, dataBytes: number): number {
  return balance === "count" ? 1 : Math.max(MIN_CASE_BYTES, dataBytes);
}

/** Code-point order, not the locale's: the same on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
