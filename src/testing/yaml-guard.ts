/**
 * Cheap checks made before a test file reaches the YAML parser: deeply nested input can
 * overflow the parser's stack (or abort Node outright), and a huge file can stall it.
 */

import { formatBytes, MiB } from "../engine";

export const MAX_TEST_FILE_BYTES = 1 * MiB;
export const MAX_NESTING = 64;

export interface GuardProblem {
  line: number;
  column: number;
  message: string;
}

/** A problem that makes the text unsafe to parse, or undefined. */
export function checkYamlText(text: string): GuardProblem | undefined {
  if (overByteLimit(text)) {
    return {
      line: 1,
      column: 1,
      message: `test file is larger than ${formatBytes(MAX_TEST_FILE_BYTES)}; split it into several files`,
    };
  }
  let flowDepth = 0;
  let quote: string | undefined;
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    // Block nesting: every level needs indentation or a "- " / "? " marker on the line.
    const lead = /^[ \t]*(?:[-?:][ \t]+)*/.exec(line)![0];
    const blockDepth = lead.replace(/[-?:]/g, " ").length / 2;
    if (blockDepth > MAX_NESTING) return tooDeep(index, 1);
    for (let column = 0; column < line.length; column++) {
      const char = line[column];
      if (quote) {
        if (char === quote) quote = undefined;
        continue;
      }
      if (char === "#" && (column === 0 || /\s/.test(line[column - 1]))) break;
      if (char === '"' || char === "'") {
        // A quote opens a string only where a scalar can start.
        if (column === 0 || /[\s[{,:]/.test(line[column - 1])) quote = char;
      } else if (char === "[" || char === "{") {
        if (++flowDepth > MAX_NESTING) return tooDeep(index, column + 1);
      } else if (char === "]" || char === "}") {
        flowDepth = Math.max(0, flowDepth - 1);
      }
    }
    if (quote === "'") quote = undefined; // single-quoted scalars rarely span lines; be lenient
  }
  return undefined;
}

/** Whether `text` is over the limit in UTF-8 bytes; encodes it only when its length cannot tell. */
function overByteLimit(text: string): boolean {
  // A UTF-16 unit is 1 to 3 bytes in UTF-8.
  if (text.length > MAX_TEST_FILE_BYTES) return true;
  if (text.length * 3 <= MAX_TEST_FILE_BYTES) return false;
  return new TextEncoder().encode(text).length > MAX_TEST_FILE_BYTES;
}

function tooDeep(index: number, column: number): GuardProblem {
  return { line: index + 1, column, message: `test file is nested more than ${MAX_NESTING} levels deep` };
}
