// The streamed comparators must not depend on how a run cuts and interleaves the two sides:
// random outputs and answers (often equal, or one small change apart), pushed in random
// chunks at unaligned offsets, in a random order of sides, must give the verdict of the whole texts and find
// the same first difference (its place, unit, answer line and the text shown of it on each side,
// longer than a chunk or than the bound on a shown line). Seeded: RUNNO_FUZZ_SEED replays a failure's cases.
import assert from "node:assert/strict";
import type { TokensMatch } from "../src/testing/model";
import { DEFAULT_TOKENS } from "../src/testing/parse";
import { compareBytes, createStreamComparator, type StreamMode } from "../src/testing/stream-compare";
import { random } from "./seeded-random";

const SEED = Number(process.env.RUNNO_FUZZ_SEED ?? 20261201);
const CASES = Number(process.env.RUNNO_COMPARE_CASES ?? 1500);

const tokens = (options: Partial<TokensMatch> = {}): TokensMatch => ({ ...DEFAULT_TOKENS, ...options });
const MODES: StreamMode[] = [
  { kind: "exact" },
  { kind: "lines" },
  tokens(),
  tokens({ caseSensitive: true }),
  tokens({ spaceChangeSensitive: true }),
  tokens({ absoluteTolerance: 1e-3, relativeTolerance: 1e-6 }),
  { kind: "numeric", tolerance: 1e-4 },
];
const WORDS = ["0", "1", "42", "-7", "3.25", "1e3", "yes", "YES", "abc", "x".repeat(90), "12345678901234567890"];
const SPACES = [" ", " ", " ", "  ", "\t", "\n", "\n", "\r\n", "\n\n"];
// Some answers are one long line: longer than the text shown of a differing line.
const LINE_SPACES = [" ", " ", "  ", "\t", "\n"];

function answerText(pick: () => number): string {
  const parts: string[] = [];
  const count = Math.floor(pick() * 400);
  const spaces = pick() < 0.2 ? LINE_SPACES.slice(0, 4) : pick() < 0.3 ? LINE_SPACES : SPACES;
  for (let i = 0; i < count; i++) {
    parts.push(WORDS[Math.floor(pick() * WORDS.length)], spaces[Math.floor(pick() * spaces.length)]);
  }
  return parts.join("");
}

/** The answer itself, or one small change of the kinds programs make. */
function outputText(answer: string, pick: () => number): string {
  if (answer.length === 0 || pick() < 0.3) return answer;
  const at = Math.floor(pick() * answer.length);
  switch (Math.floor(pick() * 6)) {
    case 0:
      return answer.slice(0, at) + "Z" + answer.slice(at + 1);
    case 1:
      return answer.slice(0, at) + answer.slice(at + 1);
    case 2:
      return answer.slice(0, at) + " " + answer.slice(at);
    case 3:
      return answer.slice(0, at) + "\n" + answer.slice(at);
    case 4:
      return answer.toUpperCase();
    default:
      return answer + (pick() < 0.5 ? "\n" : " extra");
  }
}

/** The bytes at an odd offset of a larger buffer, as records copied out of a ring may be. */
function unaligned(bytes: Uint8Array, pick: () => number): Uint8Array {
  const offset = Math.floor(pick() * 4);
  const host = new Uint8Array(bytes.length + offset);
  host.set(bytes, offset);
  return host.subarray(offset);
}

function streamed(expected: Uint8Array, actual: Uint8Array, mode: StreamMode, pick: () => number) {
  const comparator = createStreamComparator(mode);
  const sides = [
    { bytes: unaligned(expected, pick), at: 0, push: (c: Uint8Array) => comparator.pushExpected(c) },
    { bytes: unaligned(actual, pick), at: 0, push: (c: Uint8Array) => comparator.pushActual(c) },
  ];
  const maxChunk = 1 + Math.floor(pick() * (pick() < 0.5 ? 8 : 700));
  let ended = [false, false];
  while (!ended[0] || !ended[1]) {
    const which = !ended[0] && (ended[1] || pick() < 0.5) ? 0 : 1;
    const side = sides[which];
    if (side.at >= side.bytes.length) {
      if (which === 0) comparator.endExpected();
      else comparator.endActual();
      ended = which === 0 ? [true, ended[1]] : [ended[0], true];
      continue;
    }
    const size = 1 + Math.floor(pick() * maxChunk);
    side.push(side.bytes.subarray(side.at, side.at + size));
    side.at += size;
  }
  return comparator.result();
}

describe("streamed comparison under random chunking and interleaving", function () {
  this.timeout(120_000);

  it(`gives the whole texts' verdict, first difference and shown texts in ${CASES} random cases (seed ${SEED})`, () => {
    const encoder = new TextEncoder();
    const pick = random(SEED);
    for (let n = 0; n < CASES; n++) {
      const answer = answerText(pick);
      const output = outputText(answer, pick);
      const mode = MODES[Math.floor(pick() * MODES.length)];
      const expected = encoder.encode(answer);
      const actual = encoder.encode(output);
      const whole = compareBytes(expected, actual, mode);
      const parts = streamed(expected, actual, mode, pick);
      const what = `case ${n} (seed ${SEED}), ${JSON.stringify(mode)}: ${JSON.stringify([answer.slice(0, 200), output.slice(0, 200)])}`;
      assert.equal(parts.pass, whole.pass, what);
      assert.deepEqual(parts.firstDifference, whole.firstDifference, what);
      assert.equal(parts.difference?.unit, whole.difference?.unit, what);
      assert.equal(parts.difference?.expectedLine, whole.difference?.expectedLine, what);
      assert.equal(parts.difference?.expected, whole.difference?.expected, `the answer's text shown: ${what}`);
      assert.equal(parts.difference?.actual, whole.difference?.actual, `the output's text shown: ${what}`);
    }
  });
});
