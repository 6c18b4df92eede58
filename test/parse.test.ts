// The test-file format: every key, every problem with its position, hostile input refused.
import assert from "node:assert/strict";
import { testFileParser } from "./parse-helpers";

const RUNTIMES = {
  forFile: (name: string) =>
    name.endsWith(".py") ? ("python" as const) : name.endsWith(".c") ? ("clang" as const) : undefined,
  known: ["python", "clang", "ruby"],
};

const { ok, problems } = testFileParser(RUNTIMES);

describe("test file parsing", () => {
  it("reads every file-level and case-level key", () => {
    const file = ok(`
entry: main.py
runtime: python
timeout: 2.5
memory: 64
files: [data/*.csv, ../shared/words.txt]
env: { LANG: C, DEBUG: 1 }
args: [--fast]
match: exact
tests:
  - name: all keys
    stdin: "1 2\\n"
    args: [x]
    env: { MODE: test }
    files: { input.txt: "hello" }
    stdout: "3\\n"
    stderr: ""
    exit: 2
    timeout: 1
    match: { numeric: 0.001 }
    points: 5
    skip: false
    only: true
  - name: defaults
`);
    assert.equal(file.entry, "main.py");
    assert.equal(file.runtime, "python");
    assert.equal(file.timeoutMs, 2500);
    assert.equal(file.memoryMib, 64);
    assert.deepEqual(file.files, ["data/*.csv", "../shared/words.txt"]);
    assert.deepEqual(file.env, { LANG: "C", DEBUG: "1" });
    assert.deepEqual(file.args, ["--fast"]);
    const [all, defaults] = file.cases;
    assert.deepEqual(
      { ...all, span: undefined, spans: undefined },
      {
        name: "all keys",
        stdin: { kind: "text", text: "1 2\n" },
        args: ["x"],
        env: { MODE: "test" },
        files: { "input.txt": "hello" },
        stdout: { kind: "text", text: "3\n" },
        stderr: { kind: "text", text: "" },
        exitCode: 2,
        timeoutMs: 1000,
        match: { kind: "numeric", tolerance: 0.001 },
        points: 5,
        skip: false,
        only: true,
        span: undefined,
        spans: undefined,
      },
    );
    assert.deepEqual(all.span.start, { line: 11, column: 5 });
    assert.equal(all.spans.stdout?.start.line, 16);
    assert.equal(all.spans.exitCode?.start.line, 18);
    assert.deepEqual(
      {
        stdin: defaults.stdin,
        exit: defaults.exitCode,
        match: defaults.match,
        stdout: defaults.stdout,
        skip: defaults.skip,
      },
      { stdin: { kind: "text", text: "" }, exit: 0, match: { kind: "exact" }, stdout: undefined, skip: false },
    );
  });

  it("infers the runtime from the entry's extension, and keeps numbers as written", () => {
    const file = ok("entry: prog.c\ntests:\n  - name: n\n    stdout: 3.10\n");
    assert.equal(file.runtime, "clang");
    assert.deepEqual(file.cases[0].stdout, { kind: "text", text: "3.10" });
    assert.deepEqual(file.cases[0].match, { kind: "lines" });
  });

  it("accepts every match mode", () => {
    for (const mode of ["lines", "exact", "contains", "regex"]) {
      assert.deepEqual(ok(`entry: a.py\ntests:\n  - name: n\n    match: ${mode}\n    stdout: "x"\n`).cases[0].match, {
        kind: mode,
      });
    }
  });

  // Each broken file has one problem: at exactly this line and column, with this message.
  const broken: [string, string, string, RegExp][] = [
    ["bad YAML", "entry: a.py\ntests:\n  - name: [unclosed\n", "4:1", /^Flow sequence .* must .* end with a \]$/],
    [
      "unknown file key",
      "entry: a.py\nentri: b.py\ntests:\n  - name: n\n",
      "2:1",
      /^unknown file key "entri" \(did you mean "entry"\?\)$/,
    ],
    [
      "unknown case key",
      "entry: a.py\ntests:\n  - name: n\n    stdot: x\n",
      "4:5",
      /^unknown test case key "stdot" \(did you mean "stdout"\?\)$/,
    ],
    ["missing entry", "tests:\n  - name: n\n", "1:1", /^missing `entry`$/],
    ["missing tests", "entry: a.py\n", "1:1", /^missing `tests:`/],
    [
      "duplicate names",
      "entry: a.py\ntests:\n  - name: same\n  - name: same\n",
      "4:5",
      /^duplicate test name "same" \(also test 1\)$/,
    ],
    ["missing name", "entry: a.py\ntests:\n  - stdin: x\n", "3:5", /^missing `name`$/],
    ["wrong type", "entry: a.py\ntests:\n  - name: n\n    exit: yes\n", "4:5", /^`exit` must be an exit code/],
    [
      "wrong timeout",
      "entry: a.py\ntimeout: -1\ntests:\n  - name: n\n",
      "2:1",
      /^`timeout` must be a positive number$/,
    ],
    ["wrong env", "entry: a.py\ntests:\n  - name: n\n    env: [A]\n", "4:5", /^`env` must be a mapping/],
    ["unknown runtime", "entry: a.py\nruntime: cobol\ntests:\n  - name: n\n", "2:1", /^unknown runtime "cobol"/],
    ["unknown extension", "entry: a.xyz\ntests:\n  - name: n\n", "1:1", /^cannot tell the runtime of "a.xyz"/],
    [
      "bad match",
      "entry: a.py\ntests:\n  - name: n\n    match: fuzzy\n",
      "4:5",
      /^`match` is one of lines, exact, contains, regex/,
    ],
    [
      "bad regex",
      'entry: a.py\ntests:\n  - name: n\n    match: regex\n    stdout: "(a"\n',
      "5:5",
      /^invalid regex: .*missing closing \)/,
    ],
    ["duplicate keys", "entry: a.py\nentry: b.py\ntests:\n  - name: n\n", "2:1", /^Map keys must be unique/],
    ["custom tag", "entry: !!js/function a.py\ntests:\n  - name: n\n", "1:8", /^custom YAML tags are not allowed/],
    ["not a mapping", "- just\n- a list\n", "1:1", /^a test file is a mapping/],
    ["stdout as a list", "entry: a.py\ntests:\n  - name: n\n    stdout: [1, 2]\n", "4:5", /^`stdout` must be text/],
  ];
  for (const [what, text, position, message] of broken) {
    it(`reports ${what} with its line and column`, () => {
      const found = problems(text);
      assert.equal(found.length, 1, found.join("\n"));
      const [at, ...words] = found[0].split(" ");
      assert.equal(at, position, found[0]);
      assert.match(words.join(" "), message);
    });
  }

  it("reports every problem of a file, not only the first", () => {
    assert.deepEqual(problems("entry: a.py\nbogus: 1\ntests:\n  - name: a\n    exit: -1\n  - name: a\n"), [
      '2:1 unknown file key "bogus"',
      "5:5 `exit` must be an exit code, an integer from 0 to 255",
      '6:5 duplicate test name "a" (also test 1)',
    ]);
  });

  it("refuses a huge file before parsing it", () => {
    const huge = "entry: a.py\ntests:\n" + '  - name: n\n    stdin: "' + "x".repeat(2 * 1024 * 1024) + '"\n';
    assert.match(problems(huge)[0], /larger than 1 MiB/);
    // Measured in bytes: 600,000 two-byte characters are 1.2 MB.
    const wide = "entry: a.py\ntests:\n" + '  - name: n\n    stdin: "' + "é".repeat(600_000) + '"\n';
    assert.match(problems(wide)[0], /larger than 1 MiB/);
  });

  it("refuses deep nesting before the parser can overflow its stack", () => {
    const flow = "entry: a.py\ntests: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    assert.match(problems(flow)[0], /nested more than 64 levels/);
    const block =
      "entry: a.py\ntests:\n" + Array.from({ length: 300 }, (_, i) => " ".repeat(i) + "- ").join("\n") + "x\n";
    assert.match(problems(block)[0], /nested more than 64 levels/);
    const levels = (n: number) =>
      "entry: a.py\ntests:\n" + Array.from({ length: n }, (_, i) => "  ".repeat(i) + "- ").join("\n") + "x\n";
    assert.match(problems(levels(66))[0], /nested more than 64 levels/);
    assert.doesNotMatch(problems(levels(60)).join("\n"), /nested more than/);
    const dashes = "entry: a.py\ntests:\n" + "- ".repeat(50_000) + "x\n";
    assert.match(problems(dashes)[0], /nested more than 64 levels/);
  });

  it("refuses an alias explosion (billion laughs)", () => {
    const lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const text = `entry: a.py\n${lines.join("\n")}\ntests:\n  - name: n\n    stdin: *a11\n`;
    // 9^12 strings if expanded; refused after 100 aliases instead.
    assert.match(problems(text)[0], /too many YAML aliases/);
  });
});
