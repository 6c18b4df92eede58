// Every match mode, and the two things a failure report needs: where, and whether only whitespace.
import assert from "node:assert/strict";
import { compareOutput } from "../src/testing/compare";

const lines = { kind: "lines" } as const;
const exact = { kind: "exact" } as const;

describe("output comparison", () => {
  it("lines: ignores trailing whitespace, trailing blank lines and CRLF", () => {
    assert.equal(compareOutput("3\n", "3", lines).pass, true);
    assert.equal(compareOutput("a\nb", "a  \r\nb\t\n\n\n", lines).pass, true);
    assert.equal(compareOutput("", "\n\n", lines).pass, true);
  });

  it("lines: still sees leading spaces, blank lines inside, and different text", () => {
    const leading = compareOutput("a\nb\n", "a\n b\n", lines);
    assert.deepEqual(leading, { pass: false, firstDifference: { line: 2, column: 1 }, whitespaceOnly: true });
    assert.equal(compareOutput("a\nb", "a\n\nb", lines).pass, false);
    const text = compareOutput("hello world\n", "hello word\n", lines);
    assert.deepEqual(text, { pass: false, firstDifference: { line: 1, column: 10 }, whitespaceOnly: false });
    assert.deepEqual(compareOutput("a\nb\n", "a\n", lines).firstDifference, { line: 2, column: 1 });
  });

  it("exact: byte for byte, with the position and whitespace-only flag", () => {
    assert.equal(compareOutput("3\n", "3\n", exact).pass, true);
    assert.deepEqual(compareOutput("3\n", "3", exact), {
      pass: false,
      firstDifference: { line: 1, column: 2 },
      whitespaceOnly: true,
    });
    assert.deepEqual(compareOutput("a\nb\n", "a\r\nb\n", exact), {
      pass: false,
      firstDifference: { line: 1, column: 2 },
      whitespaceOnly: true,
    });
    assert.equal(compareOutput("ab", "ac", exact).whitespaceOnly, false);
  });

  it("contains: the expected text anywhere, line endings unified", () => {
    assert.equal(compareOutput("needle", "hay needle hay", { kind: "contains" }).pass, true);
    assert.equal(compareOutput("a\nb", "x a\r\nb y", { kind: "contains" }).pass, true);
    assert.equal(compareOutput("needle", "haystack", { kind: "contains" }).pass, false);
  });

  it("regex: searches with RE2, ^ and $ per line", () => {
    const regex = { kind: "regex" } as const;
    assert.equal(compareOutput("^total: \\d+$", "items\ntotal: 42\n", regex).pass, true);
    assert.equal(compareOutput("^total: \\d+$", "total: many\n", regex).pass, false);
  });

  it("regex: a catastrophic-backtracking pattern finishes at once (RE2 is linear)", () => {
    const result = compareOutput("^(a+)+$", "a".repeat(50_000) + "b", { kind: "regex" });
    assert.equal(result.pass, false);
  });

  it("numeric: numbers within the tolerance, other tokens exact", () => {
    const numeric = { kind: "numeric", tolerance: 1e-6 } as const;
    assert.equal(compareOutput("pi = 3.1415926\n", "pi = 3.14159265358979\n", numeric).pass, true);
    assert.equal(compareOutput("pi = 3.1415926\n", "pi = 3.1416\n", numeric).pass, false);
    assert.equal(
      compareOutput("1e9\n", "1000000000.0001\n", numeric).pass,
      true,
      "relative tolerance for large numbers",
    );
    assert.equal(compareOutput("x = 1\n", "y = 1\n", numeric).pass, false);
    assert.equal(compareOutput("1 2\n", "1 2 3\n", numeric).pass, false);
  });
});
