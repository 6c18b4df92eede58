// `runno mcp` driven by the MCP SDK's own Client over stdio, as an agent's client does.
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { RUNNO } from "./helpers";

type Content = CallToolResult["content"][number];

function textOf(result: CallToolResult): string {
  const first = result.content[0];
  assert.equal(first?.type, "text");
  return (first as { text: string }).text;
}

describe("runno mcp", function () {
  this.timeout(120_000);
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = "";

  before(async () => {
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [RUNNO, "mcp", "--jobs", "2"],
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk) => (stderr += chunk));
    client = new Client({ name: "runno-test", version: "1.0.0" });
    await client.connect(transport);
  });
  after(async () => {
    await client.close();
    // Nothing but the protocol on stdout, and nothing on stderr either.
    assert.equal(stderr, "");
  });

  const call = (name: string, args: Record<string, unknown>) =>
    client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

  it("lists its three tools with input schemas and honest annotations", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ["list_runtimes", "run_code", "run_tests"]);
    for (const tool of tools) {
      assert.ok(tool.description && tool.description.length > 40, `${tool.name} has a description`);
      assert.deepEqual(tool.annotations, {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      });
    }
    const runCode = tools.find((t) => t.name === "run_code")!;
    assert.deepEqual(runCode.inputSchema.required, ["runtime", "code"]);
    assert.deepEqual(Object.keys(runCode.inputSchema.properties ?? {}), [
      "runtime",
      "code",
      "stdin",
      "files",
      "args",
      "timeout",
    ]);
  });

  it("list_runtimes names the languages", async () => {
    const result = await call("list_runtimes", {});
    assert.equal(result.isError, false);
    const text = textOf(result);
    for (const name of ["python", "ruby", "quickjs", "clang", "clangpp", "php-cgi", "sqlite"])
      assert.match(text, new RegExp(`^${name}: `, "m"));
  });

  it("run_code runs with stdin, files and args, and returns created files as embedded resources", async () => {
    const code = [
      "import sys",
      "print(input().upper(), sys.argv[1:], open('data/in.txt').read(), open('raw.bin', 'rb').read()[0])",
      "open('out.txt', 'w').write('made in the sandbox')",
      "open('img.bin', 'wb').write(bytes([0, 159, 255]))",
    ].join("\n");
    const result = await call("run_code", {
      runtime: "python",
      code,
      stdin: "ada\n",
      args: ["-x", "two words"],
      files: [
        { path: "data/in.txt", content: "given" },
        { path: "raw.bin", content: Buffer.from([7, 8]).toString("base64"), encoding: "base64" },
      ],
    });
    assert.equal(result.isError, false, textOf(result));
    const text = textOf(result);
    assert.match(text, /^The program exited with code 0 after \d+ ms\.$/m);
    assert.match(text, /^ADA \['-x', 'two words'\] given 7$/m);
    const resources = result.content.filter((c): c is Extract<Content, { type: "resource" }> => c.type === "resource");
    assert.deepEqual(
      resources.map((r) => r.resource),
      [
        {
          uri: "sandbox:///img.bin",
          mimeType: "application/octet-stream",
          blob: Buffer.from([0, 159, 255]).toString("base64"),
        },
        { uri: "sandbox:///out.txt", mimeType: "text/plain", text: "made in the sandbox" },
      ],
    );
    assert.deepEqual((result.structuredContent as { outcome: unknown }).outcome, { kind: "exited", exitCode: 0 });
  });

  it("run_code reports a compile error, a non-zero exit and stderr as results, not tool errors", async () => {
    const c = await call("run_code", { runtime: "clang", code: "int main(void) { return x; }\n" });
    assert.equal(c.isError, false);
    assert.match(textOf(c), /did not compile/);
    assert.match(textOf(c), /use of undeclared identifier 'x'/);

    const ruby = await call("run_code", { runtime: "ruby", code: "warn 'bad'\nexit 4\n" });
    assert.match(textOf(ruby), /exited with code 4/);
    assert.match(textOf(ruby), /^stderr:\nbad$/m);
  });

  it("run_code stops a program at its timeout and keeps what it printed and the files it wrote", async () => {
    const result = await call("run_code", {
      runtime: "python",
      code: "open('so-far.txt', 'w').write('partial result')\nprint('started', flush=True)\nwhile True: pass\n",
      timeout: 3,
    });
    assert.equal(result.isError, false);
    assert.match(textOf(result), /timed out: stopped after its limit of 3 s/);
    assert.match(textOf(result), /^stdout:\nstarted$/m);
    assert.match(textOf(result), /Files it created or changed: so-far\.txt \(14 bytes\)/);
    assert.match(textOf(result), /the run was stopped, so the files are as they were when the program last closed/);
    const resource = result.content.find((c) => c.type === "resource");
    assert.ok(resource && resource.type === "resource" && "text" in resource.resource, JSON.stringify(result.content));
    assert.equal(resource.resource.text, "partial result");
    assert.equal((result.structuredContent as { filesPartial?: boolean } | undefined)?.filesPartial, true);
  });

  it("run_code enforces the output limit whatever the program does", async () => {
    const result = await call("run_code", { runtime: "python", code: "while True: print('y' * 1000)\n" });
    assert.match(textOf(result), /stopped by the sandbox: output limit of 256 KiB reached/);
    assert.ok(textOf(result).length < 300 * 1024);
  });

  it("answers bad arguments with a clear error result and keeps serving", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ runtime: "cobol", code: "x" }, /runtime/],
      [{ runtime: "python" }, /code/],
      [{ runtime: "python", code: "x", timeout: 1000 }, /timeout/],
      [
        { runtime: "python", code: "x", files: [{ path: "../escape.txt", content: "x" }] },
        /must be a relative path that stays in the working directory/,
      ],
      [
        { runtime: "python", code: "x", files: [{ path: "a.bin", content: "not base64!", encoding: "base64" }] },
        /is not base64/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const result = await call("run_code", args);
      assert.equal(result.isError, true, JSON.stringify(args));
      assert.match(textOf(result), pattern);
    }
    const unknown = await client.callTool({ name: "no_such_tool", arguments: {} }).catch((error: Error) => error);
    assert.match(
      unknown instanceof Error ? unknown.message : textOf(unknown as CallToolResult),
      /no_such_tool not found/,
    );
    const still = await call("run_code", { runtime: "python", code: "print(1 + 1)" });
    assert.match(textOf(still), /^2$/m);
  });

  it("run_tests gives a verdict per case, with the diff of a failure", async () => {
    const result = await call("run_tests", {
      runtime: "python",
      code: "a, b = map(int, input().split())\nprint(a + b if a >= 0 else a - b)\n",
      tests: [
        { name: "small", stdin: "1 2\n", stdout: "3\n" },
        { name: "negative", stdin: "-4 1\n", stdout: "-3\n" },
        { stdin: "2 2", stdout: "4", match: "contains" },
      ],
    });
    assert.equal(result.isError, false);
    const text = textOf(result);
    assert.match(text, /^2 of 3 cases passed, 1 did not\.$/m);
    assert.match(text, /^PASSED small$/m);
    assert.match(text, /^PASSED case 3$/m);
    assert.match(text, /^FAILED negative: stdout differs from the expected output at line 1, column 2$/m);
    assert.match(text, /^ {2}- -3$/m);
    assert.match(text, /^ {2}\+ -5$/m);
    const structured = result.structuredContent as { cases: { name: string; verdict: string }[] };
    assert.deepEqual(
      structured.cases.map((c) => [c.name, c.verdict]),
      [
        ["small", "passed"],
        ["negative", "failed"],
        ["case 3", "passed"],
      ],
    );
  });

  it("run_tests compiles C once and reports a compile error for every case; times out a case", async () => {
    const broken = await call("run_tests", {
      runtime: "clang",
      code: "int main( {",
      tests: [{ stdout: "" }, { stdout: "x" }],
    });
    assert.match(textOf(broken), /^0 of 2 cases passed/m);
    assert.match(textOf(broken), /The program did not compile/);
    const slow = await call("run_tests", {
      runtime: "python",
      code: "while True: pass",
      tests: [{ stdout: "" }],
      timeout: 1,
    });
    assert.match(textOf(slow), /^TIMEOUT case 1: timed out after 1 s$/m);
  });

  it("runs concurrent calls in parallel, each with its own answer", async () => {
    // Each program prints when it ran (the sandbox's clock is the host's): runs that overlap
    // in time ran at once, whatever the machine's speed.
    const code = (i: number) =>
      `import time\nstart = time.time()\nwhile time.time() - start < 0.5: pass\nprint(${i}, start, time.time())`;
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => call("run_code", { runtime: "python", code: code(i) })),
    );
    const spans = results.map((result, i) => {
      const match = textOf(result).match(new RegExp(`^stdout:\\n${i} ([\\d.]+) ([\\d.]+)$`, "m"));
      assert.ok(match, textOf(result));
      return [Number(match[1]), Number(match[2])];
    });
    const overlapping = spans.some(([start, end], i) => spans.some(([s2, e2], j) => i !== j && s2 < end && start < e2));
    assert.ok(overlapping, `no two runs overlapped in time: ${JSON.stringify(spans)}`);
  });
});
