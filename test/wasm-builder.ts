// Small WASI programs written as wasm bytes in the tests: a `_start` that makes a list of
// WASI calls and checks each errno (and memory), exiting with 100 + the index of the first
// step that went wrong, or 0.
import { PREVIEW1, wasmType, type ValueType } from "../src/engine/wire/wasi-abi";

export type Arg = number | bigint;

export type Step =
  /** Call a WASI function and expect this errno (or, without one, ignore what it returns). */
  | { call: string; args: Arg[]; errno?: number }
  /** Expect the i32 at this address to hold this value. */
  | { load: number; equals: number };

export interface ImportSpec {
  module?: string;
  name: string;
  /** Default: WASI's own type for `name`. */
  type?: { params: ValueType[]; results: ValueType[] };
}

export interface ProgramSpec {
  steps: Step[];
  /** Bytes placed in memory before `_start` runs. */
  data?: { offset: number; bytes: number[] | Uint8Array }[];
  memoryPages?: number;
  /** Imports added besides those the steps call (say, with a wrong type). */
  extraImports?: ImportSpec[];
}

const TYPE_CODE: Record<ValueType, number> = { i32: 0x7f, i64: 0x7e };

export function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export function name(text: string | Uint8Array): number[] {
  const encoded = typeof text === "string" ? Buffer.from(text) : text;
  return [...leb(encoded.length), ...encoded];
}

const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const vector = (items: number[][]) => [...leb(items.length), ...items.flat()];

export function wasiProgram(spec: ProgramSpec): Uint8Array {
  const imports: ImportSpec[] = [{ name: "proc_exit" }];
  const indexOf = new Map<string, number>([["proc_exit", 0]]);
  for (const step of spec.steps) {
    if ("call" in step && !indexOf.has(step.call)) {
      indexOf.set(step.call, imports.length);
      imports.push({ name: step.call });
    }
  }
  imports.push(...(spec.extraImports ?? []));
  const typeOf = (imp: ImportSpec) => imp.type ?? wasmType(PREVIEW1[imp.name]);
  const types = [...imports.map(typeOf), { params: [], results: [] }];

  const exit = (code: number) => [0x41, ...sleb(BigInt(code)), 0x10, 0];
  const body: number[] = [];
  spec.steps.forEach((step, i) => {
    if ("call" in step) {
      const type = typeOf({ name: step.call });
      step.args.forEach((arg, j) =>
        body.push(
          ...(type.params[j] === "i64"
            ? [0x42, ...sleb(BigInt.asIntN(64, BigInt(arg)))]
            : [0x41, ...sleb(BigInt(Number(arg) | 0))]),
        ),
      );
      body.push(0x10, ...leb(indexOf.get(step.call)!));
      if (step.errno === undefined) {
        if (type.results.length > 0) body.push(0x1a); // drop
        return;
      }
      body.push(0x41, ...sleb(BigInt(step.errno)));
    } else {
      body.push(0x41, ...sleb(BigInt(step.load)), 0x28, 2, 0, 0x41, ...sleb(BigInt(step.equals | 0)));
    }
    // i32.ne; if; exit(100 + i); end
    body.push(0x47, 0x04, 0x40, ...exit(100 + i), 0x0b);
  });
  body.push(...exit(0), 0x0b);
  const code = [...leb(0), ...body]; // no locals

  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(
      1,
      vector(
        types.map((t) => [
          0x60,
          ...vector(t.params.map((p) => [TYPE_CODE[p]])),
          ...vector(t.results.map((r) => [TYPE_CODE[r]])),
        ]),
      ),
    ),
    ...section(
      2,
      vector(
        imports.map((imp, i) => [...name(imp.module ?? "wasi_snapshot_preview1"), ...name(imp.name), 0x00, ...leb(i)]),
      ),
    ),
    ...section(3, vector([leb(types.length - 1)])),
    ...section(5, vector([[0x00, ...leb(spec.memoryPages ?? 1)]])),
    ...section(
      7,
      vector([
        [...name("memory"), 0x02, 0],
        [...name("_start"), 0x00, ...leb(imports.length)],
      ]),
    ),
    ...section(10, vector([[...leb(code.length), ...code]])),
    ...section(
      11,
      vector(
        (spec.data ?? []).map((d) => [
          0x00,
          0x41,
          ...sleb(BigInt(d.offset | 0)),
          0x0b,
          ...vector([...d.bytes].map((b) => [b])),
        ]),
      ),
    ),
  ]);
}

/** Little-endian u32s, for iovec arrays and the like. */
export function u32s(...values: number[]): number[] {
  return values.flatMap((v) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);
}
