import assert from "node:assert/strict";
import { join } from "node:path";
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform } from "../src/engine/platform/node";

const dist = join(__dirname, "..");
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe("smoke", () => {
  const engine = new SandboxEngine(bundledNodePlatform(dist));
  after(() => engine.dispose());
  it("python hello", async () => {
    const r = await engine.run({ runtime: "python", entry: "/workspace/a.py", files: new Map([["/workspace/a.py", enc("print('hi', input())")]]), stdin: { kind: "bytes", data: enc("bob\n") } });
    console.log(r.status, dec(r.stdout), dec(r.stderr), r.durationMs);
    const t = performance.now();
    const r2 = await engine.run({ runtime: "python", entry: "/workspace/a.py", files: new Map([["/workspace/a.py", enc("print('hi', input())")]]), stdin: { kind: "bytes", data: enc("bob\n") } });
    console.log(r2.status, dec(r2.stdout), performance.now() - t);
    assert.equal(dec(r.stdout), "hi bob\n");
  });
});
