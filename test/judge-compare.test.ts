// Streamed comparison: the Kattis default validator's semantics, the same verdict however the
// outputs are cut into chunks, and the same verdict as the whole-text comparison.
import assert from "node:assert/strict";
import { compareOutput } from "../src/testing/compare";
import type { TokensMatch } from "../src/testing/model";
import {
  compareBytes,
  createStreamComparator,
  type StreamMode,
  type StreamVerdict,
} from "../src/testing/stream-compare";
import { DEFAULT_TOKENS } from "../src/testing/parse";
import { timeLimitOf, RUNTIME_SLOWDOWN } from "../src/testing/time-limits";
import type { TestFile } from "../src/testing/model";

const encoder = new TextEncoder();
const tokens = (options: Partial<TokensMatch> = {}): TokensMatch => ({ ...DEFAULT_TOKENS, ...options });
const compare = (expected: string, actual: string, mode: StreamMode) =>
  compareBytes(encoder.encode(expected), encoder.encode(actual), mode);

/** The same comparison fed in chunks of `size` bytes, alternating sides as a run would. */
function chunked(expected: string, actual: string, mode: StreamMode, size: number): StreamVerdict {
  const e = encoder.encode(expected);
  const a = encoder.encode(actual);
  const comparator = createStreamComparator(mode);
  for (let i = 0; i < Math.max(e.length, a.length); i += size) {
    if (i < a.length) comparator.pushActual(a.subarray(i, i + size));
    if (i < e.length) comparator.pushExpected(e.subarray(i, i + size));
  }
  comparator.endActual();
  comparator.endExpected();
  return comparator.result();
}

describe("judge comparison", () => {
  describe("tokens (Kattis default output validator)", () => {
    it("accepts YES for yes and any whitespace between tokens, by default", () => {
      assert.equal(compare("yes\n", "YES", tokens()).pass, true);
      assert.equal(compare("1 2\n3\n", "1\n\n2   3  \r\n\n", tokens()).pass, true);
      assert.equal(compare("", "  \n\n", tokens()).pass, true);
    });

    it("case_sensitive: YES is not yes; only ASCII letters fold otherwise", () => {
      assert.equal(compare("yes", "YES", tokens({ caseSensitive: true })).pass, false);
      assert.equal(compare("a@b", "a`b", tokens()).pass, false, "@ and ` differ by 0x20 but are not letters");
    });

    it("space_change_sensitive: the whitespace must be the same too", () => {
      const mode = tokens({ spaceChangeSensitive: true });
      assert.equal(compare("1 2\n", "1 2\n", mode).pass, true);
      assert.equal(compare("1 2\n", "1  2\n", mode).pass, false);
      assert.equal(compare("1 2\n", "1 2", mode).pass, false, "a missing final newline is a change of space");
      assert.equal(compare("1 2\n", "1 2\n", mode).pass, true);
    });

    it("names the first differing token, its line in the answer and its place in the output", () => {
      const verdict = compare("a b\nc d\ne\n", "a b\nc x\ne\n", tokens());
      assert.equal(verdict.pass, false);
      assert.deepEqual(verdict.difference, { unit: "token", expected: "d", actual: "x", expectedLine: 2 });
      assert.deepEqual(verdict.firstDifference, { line: 2, column: 3 });
      const short = compare("1 2 3", "1 2", tokens());
      assert.deepEqual(short.difference, { unit: "token", expected: "3", actual: "", expectedLine: 1 });
    });

    it("numbers within float_absolute_tolerance or float_relative_tolerance (relative to the answer)", () => {
      assert.equal(compare("0.5", "0.5000001", tokens()).pass, false, "no tolerance: tokens as text");
      assert.equal(compare("0.5", "0.5000001", tokens({ absoluteTolerance: 1e-6 })).pass, true);
      assert.equal(compare("0.5", "0.502", tokens({ absoluteTolerance: 1e-6 })).pass, false);
      assert.equal(compare("1000", "1000.5", tokens({ relativeTolerance: 1e-3 })).pass, true);
      assert.equal(compare("1000", "1002", tokens({ relativeTolerance: 1e-3 })).pass, false);
      // Either tolerance suffices (float_tolerance sets both).
      assert.equal(
        compare("0 1000", "0.0000001 1000.5", tokens({ absoluteTolerance: 1e-6, relativeTolerance: 1e-3 })).pass,
        true,
      );
      assert.equal(
        compare("1", "1.0", tokens({ absoluteTolerance: 0 })).pass,
        true,
        "an integer answer is a number too",
      );
      assert.equal(compare("1", "one", tokens({ absoluteTolerance: 1 })).pass, false, "a number wants a number");
      assert.equal(compare("pi", "PI", tokens({ absoluteTolerance: 1 })).pass, true, "other tokens still fold case");
      // Relative to the answer, not to the larger: 0 accepts nothing but 0 relatively.
      assert.equal(compare("0", "1e-9", tokens({ relativeTolerance: 0.5 })).pass, false);
    });

    it("agrees with compareOutput for text data", () => {
      assert.equal(compareOutput("YES\n", "yes", tokens()).pass, true);
      assert.deepEqual(compareOutput("a b", "a c", tokens()).difference, {
        unit: "token",
        expected: "b",
        actual: "c",
        expectedLine: 1,
      });
    });
  });

  describe("any chunking gives the same verdict as the whole texts", () => {
    const samples: [string, string][] = [
      ["1 2 3\n4 5 6\n", "1 2 3\n4 5 6\n"],
      ["1 2 3\n4 5 6\n", "1 2 3\n4 5 7\n"],
      ["alpha beta\n\ngamma\n", "alpha  beta \r\n\r\ngamma\n\n\n"],
      ["x\ny\n", "x\n y\n"],
      ["long" + "g".repeat(300) + " tail\n", "long" + "g".repeat(300) + " tail"],
      ["a\n\n\nb\n", "a\nb\n"],
      ["3.14159 2.71828\n", "3.141592 2.718281\n"],
      ["end  \n\n", "end"],
    ];
    const modes: StreamMode[] = [
      { kind: "exact" },
      { kind: "lines" },
      tokens(),
      tokens({ spaceChangeSensitive: true }),
      tokens({ absoluteTolerance: 1e-5 }),
      { kind: "numeric", tolerance: 1e-5 },
    ];
    for (const mode of modes) {
      it(`${JSON.stringify(mode)}`, () => {
        for (const [expected, actual] of samples) {
          const whole = compare(expected, actual, mode);
          for (const size of [1, 2, 3, 7, 64]) {
            const parts = chunked(expected, actual, mode, size);
            assert.equal(parts.pass, whole.pass, `${JSON.stringify([expected, actual])} in chunks of ${size}`);
            assert.deepEqual(
              parts.firstDifference,
              whole.firstDifference,
              `${JSON.stringify([expected, actual])} in chunks of ${size}`,
            );
            assert.deepEqual(
              parts.difference,
              whole.difference,
              `${JSON.stringify([expected, actual])} in chunks of ${size}`,
            );
          }
          // The line modes pass and fail exactly as the whole-text comparison does.
          if (mode.kind !== "tokens")
            assert.equal(
              whole.pass,
              compareOutput(expected, actual, mode).pass,
              `${mode.kind}: ${JSON.stringify([expected, actual])}`,
            );
        }
      });
    }
  });

  it("lines: points at the first differing line and shows the lines around it on both sides", () => {
    const answer = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const output = answer.replace("line 6", "line six");
    const verdict = compare(answer, output, { kind: "lines" });
    assert.equal(verdict.pass, false);
    assert.equal(verdict.firstDifference?.line, 6);
    assert.equal(verdict.window?.expectedLine, 4);
    assert.match(verdict.window!.expected, /^line 4\nline 5\nline 6\nline 7\n/);
    assert.match(verdict.window!.actual, /^line 4\nline 5\nline six\nline 7\n/);
  });

  it("lines: a differing line split across chunks is shown whole, read on until it ends", () => {
    const comparator = createStreamComparator({ kind: "lines" });
    comparator.pushExpected(encoder.encode("first\nsecond li"));
    comparator.pushActual(encoder.encode("first\nsecond LI"));
    assert.equal(comparator.decided, false, "the rest of the line has not arrived yet");
    comparator.pushActual(encoder.encode("NE HERE\nthird\n"));
    assert.equal(comparator.decided, false, "the answer's line has not ended yet");
    comparator.pushExpected(encoder.encode("ne here"));
    comparator.pushExpected(encoder.encode(" too\nthird\n"));
    assert.equal(comparator.decided, true);
    const verdict = comparator.result();
    assert.deepEqual(verdict.firstDifference, { line: 2, column: 8 });
    assert.deepEqual(verdict.difference, {
      unit: "line",
      expected: "line here too",
      actual: "LINE HERE",
      expectedLine: 2,
    });
    assert.deepEqual(
      verdict.difference,
      compare("first\nsecond line here too\nthird\n", "first\nsecond LINE HERE\nthird\n", { kind: "lines" }).difference,
    );
  });

  it("lines: a line that never ends is read only up to a bound and cut the same way as the whole text", () => {
    const answer = "a".repeat(5000);
    const output = "a".repeat(10) + "b".repeat(4990);
    const comparator = createStreamComparator({ kind: "lines" });
    comparator.pushExpected(encoder.encode(answer));
    for (let i = 0; i < output.length && !comparator.decided; i += 100) {
      comparator.pushActual(encoder.encode(output.slice(i, i + 100)));
    }
    assert.equal(comparator.decided, true, "decided without the end of the line or of the output");
    const verdict = comparator.result();
    assert.deepEqual(verdict.difference, {
      unit: "line",
      expected: "a".repeat(200) + "…",
      actual: "b".repeat(200) + "…",
      expectedLine: 1,
    });
    assert.deepEqual(verdict.difference, compare(answer, output, { kind: "lines" }).difference);
  });

  it("tokens, space_change_sensitive: the differing whitespace is shown from where it differs, however it was cut", () => {
    const mode = tokens({ spaceChangeSensitive: true });
    const whole = compare("a \n\n b\n", "a \n \nb\n", mode);
    assert.deepEqual(whole.difference, { unit: "token", expected: "\n ", actual: " \n", expectedLine: 3 });
    // The answer ahead of the output, which comes a byte at a time.
    const comparator = createStreamComparator(mode);
    comparator.pushExpected(encoder.encode("a \n\n b\n"));
    for (const byte of encoder.encode("a \n \nb\n")) comparator.pushActual(Uint8Array.of(byte));
    comparator.endExpected();
    comparator.endActual();
    assert.deepEqual(comparator.result().difference, whole.difference);
  });

  it("holds only a bounded part of either side: a long stream with the answer far ahead", () => {
    const comparator = createStreamComparator(tokens());
    const block = encoder.encode("12345 67890\n".repeat(10_000));
    for (let i = 0; i < 50; i++) comparator.pushExpected(block);
    assert.ok(
      comparator.expectedBacklog >= 50 * block.length - 16,
      "what was not compared yet is counted, so the reader can pause",
    );
    for (let i = 0; i < 50; i++) comparator.pushActual(block);
    assert.equal(comparator.expectedBacklog, 0, "compared bytes are dropped");
    comparator.endActual();
    comparator.endExpected();
    assert.equal(comparator.result().pass, true);
  });
});

describe("time limits", () => {
  const file = (fields: Partial<TestFile>): TestFile =>
    ({
      path: "p.runno.yaml",
      entry: "a.py",
      runtime: "python",
      files: [],
      env: {},
      args: [],
      cases: [],
      generators: [],
      ...fields,
    }) as TestFile;

  it("a native limit is multiplied by the runtime's measured slowdown, the file's multiplier, or the command line's", () => {
    assert.deepEqual(timeLimitOf(file({ timeLimit: { nativeMs: 1000 } }), undefined), {
      ms: 1000 * RUNTIME_SLOWDOWN.python,
      derived: { nativeMs: 1000, multiplier: RUNTIME_SLOWDOWN.python, from: "measured" },
    });
    assert.equal(
      timeLimitOf(file({ runtime: "clang", timeLimit: { nativeMs: 1000 } }), undefined).ms,
      1000 * RUNTIME_SLOWDOWN.clang,
    );
    assert.equal(timeLimitOf(file({ timeLimit: { nativeMs: 1000, multiplier: 2 } }), undefined).ms, 2000);
    assert.equal(timeLimitOf(file({ timeLimit: { nativeMs: 1000, multiplier: 2 } }), undefined, 7).ms, 7000);
  });

  it("a sandbox timeout wins, and without any limit the default applies", () => {
    assert.equal(timeLimitOf(file({ timeoutMs: 1500, timeLimit: { nativeMs: 1000 } }), undefined).ms, 1500);
    assert.equal(timeLimitOf(file({}), undefined).ms, 10_000);
  });
});
