// The comparators' word-at-a-time loops against plain byte loops, at every alignment, and the
// streamed comparison of long outputs cut into chunks of sizes that make both sides' words
// line up, and not, with the first difference anywhere.
import assert from "node:assert/strict";
import { countNewlines, equalLength } from "../src/testing/byte-scan";
import { DEFAULT_TOKENS } from "../src/testing/parse";
import { createStreamComparator, type StreamMode } from "../src/testing/stream-compare";

/** Deterministic bytes, newline-rich: about one in eight is \n, some are \n\n\n\n words. */
function bytesOf(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const r = state >>> 24;
    out[i] = r < 32 ? 10 : 48 + (r % 10);
  }
  out.fill(10, length >> 1, (length >> 1) + 8);
  return out;
}

function naiveEqual(a: Uint8Array, i: number, b: Uint8Array, j: number): number {
  let k = 0;
  while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
  return k;
}

function naiveNewlines(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let k = start; k < end; k++) if (bytes[k] === 10) count++;
  return count;
}

describe("byte scans", () => {
  const data = bytesOf(1000, 7);

  it("countNewlines agrees with a byte loop at every offset and length, in views at every alignment", () => {
    for (const shift of [0, 1, 2, 3]) {
      const view = new Uint8Array(data.buffer, shift, data.length - shift);
      for (let start = 0; start < 12; start++) {
        for (const end of [start, start + 1, start + 63, start + 64, start + 65, start + 300, view.length]) {
          if (end > view.length) continue;
          assert.equal(
            countNewlines(view, start, end),
            naiveNewlines(view, start, end),
            `shift ${shift} [${start}, ${end})`,
          );
        }
      }
    }
  });

  it("equalLength finds the first differing byte, with the two sides aligned alike or not", () => {
    for (const differAt of [0, 1, 3, 4, 63, 64, 65, 500, 997, 999, 1000]) {
      const other = data.slice();
      if (differAt < other.length) other[differAt] ^= 1;
      for (const shiftA of [0, 1, 2, 3]) {
        for (const shiftB of [0, 1, 2, 3]) {
          // `a` and `b` hold the same bytes from different places of their buffers.
          const a = new Uint8Array(data.length + shiftA).subarray(shiftA);
          a.set(data);
          const b = new Uint8Array(other.length + shiftB).subarray(shiftB);
          b.set(other);
          for (const from of [0, 2, 5]) {
            const got = equalLength(a, from, b, from);
            assert.equal(
              got,
              naiveEqual(a, from, b, from),
              `differ at ${differAt}, shifts ${shiftA}/${shiftB}, from ${from}`,
            );
          }
          // Different positions on each side, as when the chunks of the two sides are cut differently.
          assert.equal(equalLength(a, 100, b.subarray(1), 99), naiveEqual(a, 100, b.subarray(1), 99));
        }
      }
    }
  });

  describe("long outputs in chunks compare as the whole texts do", () => {
    const encoder = new TextEncoder();
    const lines = Array.from({ length: 3000 }, (_, i) => `${(i * 7919) % 100003} ${i}`);
    const answer = encoder.encode(lines.join("\n") + "\n");
    const modes: StreamMode[] = [{ kind: "exact" }, { kind: "lines" }, DEFAULT_TOKENS];
    for (const mode of modes) {
      it(`${mode.kind}: the first difference found wherever it is, for chunk sizes aligned or not`, () => {
        for (const differentLine of [-1, 0, 1, 1499, 2999]) {
          const changed = lines.slice();
          if (differentLine >= 0) changed[differentLine] = changed[differentLine] + "7";
          const output = encoder.encode(changed.join("\n") + "\n");
          for (const [expectedSize, actualSize] of [
            [4096, 4096],
            [65536, 4096],
            [4093, 1000],
            [1, 65536],
            [777, 778],
          ]) {
            const comparator = createStreamComparator(mode);
            let e = 0;
            let a = 0;
            while (e < answer.length || a < output.length) {
              if (a < output.length) comparator.pushActual(output.slice(a, (a += actualSize)));
              if (e < answer.length) comparator.pushExpected(answer.slice(e, (e += expectedSize)));
            }
            comparator.endActual();
            comparator.endExpected();
            const verdict = comparator.result();
            const what = `difference on line ${differentLine + 1}, chunks ${expectedSize}/${actualSize}`;
            assert.equal(verdict.pass, differentLine < 0, what);
            if (differentLine >= 0) {
              assert.equal(verdict.firstDifference?.line, differentLine + 1, what);
              // exact and lines point at the added byte; tokens at the start of its token.
              const column =
                mode.kind === "tokens" ? lines[differentLine].indexOf(" ") + 2 : lines[differentLine].length + 1;
              assert.equal(verdict.firstDifference?.column, column, what);
            }
          }
        }
      });
    }
  });
});
