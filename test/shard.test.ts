// `--shard I/N` arithmetic: every case in exactly one shard, balanced, the same everywhere.
import assert from "node:assert/strict";
import { caseWeight, MIN_CASE_BYTES, parseShard, planShards, unitKey, type ShardUnit } from "../src/testing/shard";

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function units(count: number, seed: number, weigh: (r: number) => number): ShardUnit[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => ({
    file: `course/ex${i % 7}.runno.yaml`,
    name: `case ${i}`,
    weight: weigh(next()),
  }));
}

describe("shards", () => {
  it("parses I/N and refuses anything else in one line", () => {
    assert.deepEqual(parseShard("2/4"), { index: 2, count: 4 });
    assert.deepEqual(parseShard("1/1"), { index: 1, count: 1 });
    for (const bad of ["0/4", "5/4", "2", "2/0", "a/b", "-1/3", "1.5/3", ""]) {
      assert.throws(
        () => parseShard(bad),
        (e: Error) => /--shard takes I\/N/.test(e.message) && !e.message.includes("\n"),
        bad,
      );
    }
  });

  for (const count of [1, 2, 3, 5, 16]) {
    it(`puts every case in exactly one of ${count} shard(s), whatever the order they come in`, () => {
      const all = units(203, count, (r) => Math.floor(r * 5_000_000));
      const plan = planShards(all, count);
      assert.equal(plan.size, all.length);
      const perShard = new Array<number>(count).fill(0);
      for (const unit of all) {
        const shard = plan.get(unitKey(unit.file, unit.name));
        assert.ok(shard !== undefined && shard >= 0 && shard < count);
        perShard[shard]++;
      }
      assert.equal(
        perShard.reduce((a, b) => a + b),
        all.length,
      );
      const shuffled = [...all].sort((a, b) => ((a.name.length * 31 + b.weight) % 3) - 1);
      assert.deepEqual([...planShards(shuffled, count)].sort(), [...plan].sort(), "the same split from another order");
    });
  }

  it("balances sizes within the heaviest case, and counts within one when all weigh the same", () => {
    const sized = units(120, 7, (r) => Math.floor(r * r * 10_000_000));
    const plan = planShards(sized, 4);
    const loads = [0, 0, 0, 0];
    for (const unit of sized) loads[plan.get(unitKey(unit.file, unit.name))!] += unit.weight;
    const heaviest = Math.max(...sized.map((u) => u.weight));
    assert.ok(Math.max(...loads) - Math.min(...loads) <= heaviest, `loads ${loads}`);

    const counted = units(103, 9, () => 1);
    const counts = [0, 0, 0, 0];
    for (const shard of planShards(counted, 4).values()) counts[shard]++;
    assert.deepEqual(counts.sort(), [25, 26, 26, 26]);
  });

  it("gives more shards than cases empty shards, not an error", () => {
    const plan = planShards(
      units(3, 1, () => 1),
      8,
    );
    assert.deepEqual([...new Set(plan.values())].sort(), [0, 1, 2]);
  });

  it("weighs a case by its bytes, but never less than a run's cost", () => {
    assert.equal(caseWeight("count", 50_000_000), 1);
    assert.equal(caseWeight("size", 50_000_000), 50_000_000);
    assert.equal(caseWeight("size", 10), MIN_CASE_BYTES);
  });
});
