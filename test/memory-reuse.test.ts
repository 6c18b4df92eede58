// A runtime's memory is made by the worker and reused between runs: the binary patch that
// makes that possible, and the pool that zeroes a memory before handing it out again.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MemoryPool } from "../src/engine/worker/memory-pool";
import { capMemory, capMemoryAsImport, REWRITE_HEADROOM, WASM_PAGE_BYTES } from "../src/engine/wasm-binary";
import { HOST_MEMORY_IMPORT } from "../src/engine/wire/memory-import";
import { DIST } from "./helpers";

const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function name(text: string): number[] {
  return [...leb(text.length), ...Buffer.from(text)];
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

/**
 * A module that imports `env.f`, defines one memory (`memoryFlags`, 1 page), puts "hi" at
 * address 16 with a data segment and exports the memory.
 */
function sampleModule(options: { memoryFlags: 0x00 | 0x03; withImport: boolean }): Uint8Array {
  const limits = options.memoryFlags === 0x03 ? [0x03, 1, 1] : [0x00, 1];
  return Uint8Array.from([
    ...MAGIC_AND_VERSION,
    ...section(1, [1, 0x60, 0, 0]),
    ...(options.withImport ? section(2, [1, ...name("env"), ...name("f"), 0x00, 0]) : []),
    ...section(5, [1, ...limits]),
    ...section(7, [1, ...name("memory"), 0x02, 0]),
    ...section(11, [1, 0x00, 0x41, 16, 0x0b, 2, ...Buffer.from("hi")]),
  ]);
}

describe("memory reuse", () => {
  it("turns a runtime's own memory into an import with the same (capped) limits", async () => {
    const converted = capMemoryAsImport(sampleModule({ memoryFlags: 0x00, withImport: true }), 4 * WASM_PAGE_BYTES);
    assert.ok(converted.limits);
    assert.deepEqual(converted.limits, { initial: 1, maximum: 4 });
    const module = await WebAssembly.compile(converted.bytes as Uint8Array<ArrayBuffer>);
    assert.deepEqual(
      WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`),
      ["env.f:function", `${HOST_MEMORY_IMPORT.module}.${HOST_MEMORY_IMPORT.name}:memory`],
    );
    const memory = new WebAssembly.Memory(converted.limits);
    const instance = await WebAssembly.instantiate(module, {
      env: { f: () => {} },
      [HOST_MEMORY_IMPORT.module]: { [HOST_MEMORY_IMPORT.name]: memory },
    });
    assert.equal(instance.exports.memory, memory);
    assert.equal(Buffer.from(memory.buffer, 16, 2).toString(), "hi");
    assert.throws(() => memory.grow(4), RangeError, "the cap still holds");
  });

  it("rewrites a module in place into the headroom before it: the same bytes as a copy, the code not moved", async () => {
    const inBuffer = (module: Uint8Array, headroom: number) => {
      const buffer = new Uint8Array(headroom + module.length);
      buffer.set(module, headroom);
      return buffer.subarray(headroom);
    };
    const sample = sampleModule({ memoryFlags: 0x00, withImport: true });
    const runtime = new Uint8Array(readFileSync(join(DIST, "langs", "python-3.12.0.wasm")));
    const CAP = 512 * 1024 * 1024;
    for (const module of [sample, runtime]) {
      const copied = capMemoryAsImport(module, CAP);
      const original = inBuffer(module, REWRITE_HEADROOM);
      const inPlace = capMemoryAsImport(original, CAP, REWRITE_HEADROOM);
      assert.ok(Buffer.from(inPlace.bytes).equals(Buffer.from(copied.bytes)));
      assert.deepEqual(inPlace.limits, copied.limits);
      assert.equal(inPlace.bytes.buffer, original.buffer, "rewritten in the buffer it came in");
      // Too little headroom for the grown import section: a copy, the same bytes.
      const tightInput = inBuffer(module, 1);
      const tight = capMemoryAsImport(tightInput, CAP, 1);
      assert.notEqual(tight.bytes.buffer, tightInput.buffer);
      assert.ok(Buffer.from(tight.bytes).equals(Buffer.from(copied.bytes)));
    }
    await WebAssembly.compile(
      capMemoryAsImport(inBuffer(sample, 64), WASM_PAGE_BYTES * 4, 64).bytes as Uint8Array<ArrayBuffer>,
    );
  });

  it("leaves shared memories and modules without imports their own memory, capped", () => {
    for (const options of [
      { memoryFlags: 0x03, withImport: true },
      { memoryFlags: 0x00, withImport: false },
    ] as const) {
      const sample = sampleModule(options);
      const result = capMemoryAsImport(sample, WASM_PAGE_BYTES);
      assert.equal(result.limits, null);
      assert.deepEqual(result.bytes, capMemory(sample, WASM_PAGE_BYTES));
    }
  });

  it("hands a used memory out again zeroed, and drops one that grew big", () => {
    const pool = new MemoryPool();
    const limits = { initial: 2, maximum: 1024 };
    const first = pool.take("python", limits);
    new Uint8Array(first.buffer).fill(0xab);
    first.grow(1);
    pool.give("python", first);
    const second = pool.take("python", limits);
    assert.equal(second, first, "the same memory, already mapped");
    assert.equal(second.buffer.byteLength, 3 * WASM_PAGE_BYTES);
    assert.ok(
      new Uint8Array(second.buffer).every((byte) => byte === 0),
      "nothing of the last run is left",
    );
    assert.notEqual(pool.take("python", limits), second, "a memory is handed to one run at a time");

    second.grow(600); // past what is worth keeping
    pool.give("python", second);
    assert.notEqual(pool.take("python", limits), second);
  });

  it("keeps at most 48 MiB of memories in a worker, dropping the least recently used", () => {
    const pool = new MemoryPool();
    const mib = 1024 * 1024;
    const memoryOf = (bytes: number) => new WebAssembly.Memory({ initial: bytes / WASM_PAGE_BYTES, maximum: 1024 });
    const [python, clang, php] = [memoryOf(20 * mib), memoryOf(20 * mib), memoryOf(20 * mib)];
    pool.give("python", python);
    pool.give("clang", clang);
    pool.give("php", php);
    const limits = { initial: 1, maximum: 1024 };
    assert.notEqual(pool.take("python", limits), python, "the oldest went over the budget");
    assert.equal(pool.take("clang", limits), clang);
    assert.equal(pool.take("php", limits), php);
  });
});
