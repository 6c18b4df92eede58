// Ruby 3.4 runs as a reactor (ruby.wasm exports calls, not `_start`): the engine drives it
// with the calls its descriptor lists, and langs/ruby/main.rb does what a Ruby process
// does at its end. Here: that end, native error reports, arguments, waiting, and the
// JavaScript interop this build has but the sandbox cannot give.
import assert from "node:assert/strict";
import { createEngine, text } from "./helpers";
import { fixtureFiles, runFixture } from "./fixtures";

describe("ruby as a reactor", function () {
  this.timeout(120_000);
  const engine = createEngine(2);
  after(() => engine.dispose());
  const run = (file: string, extra: { input?: string; args?: string[] } = {}) =>
    runFixture(engine, "ruby", file, { folder: "ruby-native", ...extra });

  it("runs at_exit handlers last first, with ARGV, $0, __FILE__ and DATA as natively", async () => {
    const result = await run("ending.rb", { args: ["a", "-b"] });
    assert.equal(text(result.stderr), "");
    assert.equal(
      text(result.stdout),
      'main: ending.rb ending.rb ["a", "-b"]\ndata after __END__\nsecond registered, run first\nfirst registered, run last\n',
    );
    assert.equal(result.status === "exited" && result.exitCode, 4);
  });

  it("reports an uncaught exception and its cause with the program's frames only, exit code 1", async () => {
    const result = await run("nested.rb");
    assert.equal(result.status === "exited" && result.exitCode, 1);
    const stderr = text(result.stderr);
    assert.match(
      stderr,
      /^nested\.rb:8:in 'Object#outer': wrapped \(ArgumentError\)\n\tfrom nested\.rb:11:in '<main>'\n/,
    );
    assert.match(stderr, /nested\.rb:2:in 'Object#inner': missing \(KeyError\)/);
    assert.doesNotMatch(stderr, /runno|eval:|InstructionSequence/);
  });

  it("reports a syntax error with exit code 1", async () => {
    const files = new Map([["/bad.rb", new TextEncoder().encode("puts(1\n")]]);
    const result = await engine.run({ runtime: "ruby", entry: "/bad.rb", cwd: "/", files });
    assert.equal(result.status === "exited" && result.exitCode, 1);
    assert.match(text(result.stderr), /^bad\.rb:1: syntax error found \(SyntaxError\)\n> 1 \| puts\(1\n/);
  });

  it("sleeps, and IO.select waits out its timeout on quiet stdin", async () => {
    const files = await fixtureFiles("ruby-native");
    const handle = engine.start({ runtime: "ruby", entry: "/waits.rb", cwd: "/", files, stdin: { kind: "stream" } });
    const result = await handle.result;
    assert.equal(text(result.stderr), "");
    assert.equal(text(result.stdout), "slept true, select nil true\n");
  });

  it("stops a program that asks for JavaScript with a message saying so", async () => {
    const result = await run("js.rb");
    assert.equal(result.status, "crashed");
    assert.match(
      result.status === "crashed" ? result.message : "",
      /JavaScript interop \(require "js"\) is not available in the sandbox/,
    );
  });
});
