// Parsing a test file's text in the tests: the result, or its problems as `line:column message`.
import assert from "node:assert/strict";
import type { ParseResult, TestFile } from "../src/testing/model";
import { parseTestFile, type RuntimeNames } from "../src/testing/parse";

export function testFileParser(runtimes: RuntimeNames) {
  const parse = (text: string): ParseResult => parseTestFile("t.runno.yaml", text, runtimes);
  const describeProblems = (result: ParseResult) =>
    result.ok ? [] : result.problems.map((p) => `${p.position.line}:${p.position.column} ${p.message}`);
  return {
    parse,
    /** The parsed file; fails the test with the problems when there are any. */
    ok(text: string): TestFile {
      const result = parse(text);
      if (!result.ok) assert.fail(describeProblems(result).join("\n"));
      return result.file;
    },
    /** The problems as `line:column message`; fails the test when the text parses. */
    problems(text: string): string[] {
      const result = parse(text);
      assert.equal(result.ok, false, "expected problems");
      return describeProblems(result);
    },
  };
}
