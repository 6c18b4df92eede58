// A user's own .wasm: compiled here from C by the sandbox's clang, then run as a raw WASI program.
import assert from "node:assert/strict";
import { createEngine, text } from "./helpers";
import { fixtureFiles } from "./fixtures";

describe("raw WASI programs", function () {
  this.timeout(120_000);
  const engine = createEngine(1);
  after(() => engine.dispose());

  it("runs a .wasm with arguments and only the given environment", async () => {
    const compiled = await engine.compile({
      runtime: "clang",
      entry: "/args.c",
      cwd: "/",
      files: await fixtureFiles("wasi"),
    });
    assert.equal(compiled.status, "compiled");
    if (compiled.status !== "compiled") return;
    const result = await engine.run({
      runtime: "wasi",
      entry: "/args.wasm",
      cwd: "/",
      files: new Map([["/args.wasm", compiled.program.wasm]]),
      args: ["one", "two words"],
      env: { GREETING: "hello" },
    });
    assert.equal(text(result.stdout), "arg 1: one\narg 2: two words\nGREETING=hello\nHOME=(unset)\n");
    assert.equal(result.status === "exited" && result.exitCode, 3);
  });
});
