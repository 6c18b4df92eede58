/**
 * Compares a program's output with what a test expects, in each `match` mode, and says
 * where the first difference is and whether it is only whitespace: the two things people
 * need to understand a failure that looks like a pass.
 */
import { RE2JS } from "re2js";
import type { MatchMode, OutputFailure, Position } from "./model";
import { compareBytes } from "./stream-compare";

export interface Comparison {
  pass: boolean;
  /** 1-based line and column of the first difference, in the actual output. */
  firstDifference?: Position;
  /** The outputs differ only in spaces, tabs, line endings or a final newline. */
  whitespaceOnly: boolean;
  /** The first differing token (tokens mode). */
  difference?: OutputFailure["difference"];
}

const encoder = new TextEncoder();

/** Compiles a test file's regex; RE2 runs in linear time, so no pattern can hang the runner. */
export function compileRegex(pattern: string): RE2JS {
  return RE2JS.compile(pattern, RE2JS.MULTILINE);
}

export function compareOutput(expected: string, actual: string, mode: MatchMode): Comparison {
  switch (mode.kind) {
    case "exact":
      return result(expected === actual, expected, actual);
    case "lines":
      return linesResult(normalizedLines(expected), normalizedLines(actual), expected, actual, (a, b) => a === b);
    case "numeric":
      return linesResult(normalizedLines(expected), normalizedLines(actual), expected, actual, (e, a) =>
        numericLineEqual(e, a, mode.tolerance),
      );
    case "contains":
      return { pass: unifyNewlines(actual).includes(unifyNewlines(expected)), whitespaceOnly: false };
    case "regex":
      return { pass: compileRegex(expected).matcher(actual).find(), whitespaceOnly: false };
    case "tokens": {
      const verdict = compareBytes(encoder.encode(expected), encoder.encode(actual), mode);
      return {
        pass: verdict.pass,
        firstDifference: verdict.firstDifference,
        whitespaceOnly: verdict.whitespaceOnly,
        difference: verdict.difference,
      };
    }
  }
}

function unifyNewlines(text: string): string {
  return text.replace(/\r\n/g, "\n");
}

/** Lines with CRLF as LF, trailing whitespace dropped, trailing blank lines dropped. */
export function normalizedLines(text: string): string[] {
  const lines = unifyNewlines(text)
    .split("\n")
    .map((line) => line.replace(/[ \t\r]+$/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function linesResult(
  expected: string[],
  actual: string[],
  rawExpected: string,
  rawActual: string,
  equal: (expected: string, actual: string) => boolean,
): Comparison {
  const count = Math.max(expected.length, actual.length);
  for (let i = 0; i < count; i++) {
    if (expected[i] === undefined || actual[i] === undefined || !equal(expected[i], actual[i])) {
      return {
        pass: false,
        firstDifference: { line: i + 1, column: firstDifferentColumn(expected[i] ?? "", actual[i] ?? "") },
        whitespaceOnly: onlyWhitespaceDiffers(rawExpected, rawActual),
      };
    }
  }
  return { pass: true, whitespaceOnly: false };
}

function result(pass: boolean, expected: string, actual: string): Comparison {
  if (pass) return { pass, whitespaceOnly: false };
  let offset = 0;
  while (offset < expected.length && offset < actual.length && expected[offset] === actual[offset]) offset++;
  const before = actual.slice(0, offset).split("\n");
  return {
    pass,
    firstDifference: { line: before.length, column: before[before.length - 1].length + 1 },
    whitespaceOnly: onlyWhitespaceDiffers(expected, actual),
  };
}

function firstDifferentColumn(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i + 1;
}

function onlyWhitespaceDiffers(a: string, b: string): boolean {
  return a !== b && a.replace(/\s+/g, "") === b.replace(/\s+/g, "");
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Tokens equal, numbers within `tolerance` (absolute, or relative to the larger one). */
export function numericLineEqual(expected: string, actual: string, tolerance: number): boolean {
  const a = expected.trim().split(/\s+/);
  const b = actual.trim().split(/\s+/);
  if (a.length !== b.length) return false;
  return a.every((token, i) => {
    if (token === b[i]) return true;
    if (!NUMBER.test(token) || !NUMBER.test(b[i])) return false;
    const x = Number(token);
    const y = Number(b[i]);
    const difference = Math.abs(x - y);
    return difference <= tolerance || difference <= tolerance * Math.max(Math.abs(x), Math.abs(y));
  });
}
