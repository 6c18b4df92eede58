/**
 * The one place where a WASI call's arguments are decoded: every import goes through
 * `checkedImports`, which, from the shapes in wasi-abi.ts, turns i32s into the unsigned
 * numbers WASI means and checks that every pointer, string, buffer and iovec lies inside
 * guest memory before the implementation runs. Outside it, the call returns EFAULT and
 * touches nothing, as wasmtime does.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";
import { PREVIEW1, RECORD_BYTES, type Param, type WasiModule } from "../wire/wasi-abi";

/**
 * A WASI import as the shim and our overrides define it: each has its own parameter list,
 * and the import table calls any of them with the numbers the guest passed, hence `any`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: one table of many signatures
export type ImportFunction = (...args: any[]) => unknown;

const IOVEC_BYTES = 8;

/** Checks one decoded argument list in place; false when something points outside memory. */
type Check = (args: unknown[], memory: ArrayBuffer) => boolean;

/** The program's arguments and environment (`KEY=VALUE`), as the guest receives them. */
export interface StringLists {
  args: string[];
  env: string[];
}

export function checkedImports(
  functions: Record<string, ImportFunction>,
  module: WasiModule,
  memory: () => WebAssembly.Memory,
  lists: StringLists,
): Record<string, ImportFunction> {
  const sizes = { args: listSizes(lists.args), env: listSizes(lists.env) };
  const checked: Record<string, ImportFunction> = { ...functions };
  for (const [name, implementation] of Object.entries(functions)) {
    const shape = PREVIEW1[name];
    if (shape) checked[name] = guard(name, shape.params, implementation, module, memory, sizes);
  }
  return checked;
}

/** What `args_sizes_get` reports: the count, and the bytes of the NUL-terminated UTF-8 strings. */
export function listSizes(list: string[]): { count: number; bytes: number } {
  const encoder = new TextEncoder();
  return { count: list.length, bytes: list.reduce((sum, item) => sum + encoder.encode(item).length + 1, 0) };
}

function guard(
  name: string,
  params: Param[],
  implementation: ImportFunction,
  module: WasiModule,
  memory: () => WebAssembly.Memory,
  sizes: Record<"args" | "env", { count: number; bytes: number }>,
): ImportFunction {
  const records = RECORD_BYTES[module];
  const unsigned: number[] = [];
  const unsigned64: number[] = [];
  const checks: Check[] = [];
  const strings: number[] = [];
  let at = 0;
  for (const param of params) {
    const i = at;
    switch (param) {
      case "fd":
      case "i32":
        unsigned.push(i);
        at += 1;
        break;
      case "u64":
        unsigned64.push(i);
        at += 1;
        break;
      case "s64":
        at += 1;
        break;
      case "str":
        unsigned.push(i, i + 1);
        checks.push((args, mem) => inside(args[i] as number, args[i + 1] as number, mem));
        strings.push(i);
        at += 2;
        break;
      case "buf":
        unsigned.push(i, i + 1);
        checks.push((args, mem) => inside(args[i] as number, args[i + 1] as number, mem));
        at += 2;
        break;
      case "iovs":
        unsigned.push(i, i + 1);
        checks.push((args, mem) => iovecsInside(args[i] as number, args[i + 1] as number, mem));
        at += 2;
        break;
      case "filestat":
        unsigned.push(i);
        checks.push((args, mem) => inside(args[i] as number, records.filestat, mem));
        at += 1;
        break;
      // poll_oneoff(in, out, nsubscriptions, ...): both arrays are sized by the count at `in + 2`.
      case "subscriptions":
        unsigned.push(i);
        checks.push((args, mem) => inside(args[i] as number, (args[i + 2] as number) * records.subscription, mem));
        at += 1;
        break;
      case "events":
        unsigned.push(i);
        checks.push((args, mem) => inside(args[i] as number, (args[i + 1] as number) * records.event, mem));
        at += 1;
        break;
      case "argv":
      case "environ": {
        const list = sizes[param === "argv" ? "args" : "env"];
        unsigned.push(i);
        checks.push((args, mem) => inside(args[i] as number, list.count * 4, mem));
        at += 1;
        break;
      }
      case "argv_buf":
      case "environ_buf": {
        const list = sizes[param === "argv_buf" ? "args" : "env"];
        unsigned.push(i);
        checks.push((args, mem) => inside(args[i] as number, list.bytes, mem));
        at += 1;
        break;
      }
      default: {
        const bytes = Number(param.slice("out:".length));
        unsigned.push(i);
        checks.push((args, mem) => inside(args[i] as number, bytes, mem));
        at += 1;
      }
    }
  }
  const arity = at;
  return (...args: unknown[]) => {
    // The import's type was checked at instantiation; this only guards against a bug there.
    if (args.length !== arity)
      throw new WebAssembly.RuntimeError(`${name} called with ${args.length} arguments, not ${arity}`);
    for (const i of unsigned) args[i] = (args[i] as number) >>> 0;
    for (const i of unsigned64) args[i] = BigInt.asUintN(64, args[i] as bigint);
    const mem = memory().buffer;
    for (const check of checks) if (!check(args, mem)) return wasi.ERRNO_FAULT;
    // A path that is not UTF-8 is EILSEQ, as in wasmtime (decoding would replace bytes).
    for (const i of strings) if (!isUtf8(mem, args[i] as number, args[i + 1] as number)) return wasi.ERRNO_ILSEQ;
    return implementation(...args);
  };
}

const strictDecoder = new TextDecoder("utf-8", { fatal: true });

function isUtf8(memory: ArrayBuffer, ptr: number, length: number): boolean {
  const bytes = new Uint8Array(memory, ptr, length);
  // ASCII, the usual path, needs no decoder.
  let ascii = true;
  for (let i = 0; i < bytes.length && ascii; i++) ascii = bytes[i] < 0x80;
  if (ascii) return true;
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** `[ptr, ptr + length)` lies inside memory (both unsigned, as the guest passed them). */
function inside(ptr: number, length: number, memory: ArrayBuffer): boolean {
  return ptr + length <= memory.byteLength;
}

/** The iovec array and every buffer it names lie inside memory. */
function iovecsInside(ptr: number, count: number, memory: ArrayBuffer): boolean {
  if (!inside(ptr, count * IOVEC_BYTES, memory)) return false;
  if (count === 0) return true;
  const view = new DataView(memory, ptr, count * IOVEC_BYTES);
  for (let i = 0; i < count; i++) {
    const buf = view.getUint32(i * IOVEC_BYTES, true);
    const len = view.getUint32(i * IOVEC_BYTES + 4, true);
    if (!inside(buf, len, memory)) return false;
  }
  return true;
}
