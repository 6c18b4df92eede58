/**
 * Drives a reactor: a WASI module that exports `_initialize` and functions to call, rather
 * than a `_start` (Ruby 3.4 from ruby.wasm is one). After `_initialize`, the step's calls
 * run in order, their parameters lowered as the component model's canonical ABI lowers
 * strings: UTF-8 in memory from the module's own `cabi_realloc`, passed as (pointer,
 * length); a list of strings as (pointer, count) of such pairs.
 */
import { type WASI, WASIProcExit } from "@bjorn3/browser_wasi_shim";
import type { ReactorCall } from "../wire/protocol";

type Realloc = (oldPointer: number, oldSize: number, align: number, newSize: number) => number;

/** Runs the calls; the exit code is proc_exit's, or 0 when they all return. */
export async function callReactor(
  shim: WASI,
  instance: WebAssembly.Instance,
  calls: ReactorCall[],
  suspend: boolean,
): Promise<number> {
  const exports = instance.exports as Record<string, unknown>;
  const memory = exports.memory as WebAssembly.Memory;
  const realloc = exports.cabi_realloc as Realloc | undefined;
  try {
    shim.initialize(instance as unknown as Parameters<WASI["initialize"]>[0]);
    for (const call of calls) {
      const fn = exports[call.export];
      if (typeof fn !== "function") throw new Error(`the runtime has no export "${call.export}"`);
      if (call.params.length > 0 && !realloc)
        throw new Error(`the runtime has no cabi_realloc to pass "${call.export}" its arguments`);
      const params = call.params.flatMap((param) =>
        typeof param === "string" ? lowerString(memory, realloc!, param) : lowerList(memory, realloc!, param),
      );
      if (suspend) await promising(fn)(...params);
      else fn(...params);
    }
    return 0;
  } catch (error) {
    if (error instanceof WASIProcExit) return error.code;
    throw error;
  }
}

const encoder = new TextEncoder();

function lowerString(memory: WebAssembly.Memory, realloc: Realloc, text: string): [number, number] {
  const bytes = encoder.encode(text);
  const pointer = realloc(0, 0, 1, bytes.length);
  new Uint8Array(memory.buffer, pointer, bytes.length).set(bytes);
  return [pointer, bytes.length];
}

/** A list of C strings: each NUL-terminated, as the guest hands them on as `char **`. */
function lowerList(memory: WebAssembly.Memory, realloc: Realloc, texts: string[]): [number, number] {
  const list = realloc(0, 0, 4, texts.length * 8);
  texts.forEach((text, i) => {
    const [pointer, length] = lowerString(memory, realloc, `${text}\0`);
    // Read the buffer again: a realloc may have grown the memory.
    const view = new DataView(memory.buffer);
    view.setUint32(list + i * 8, pointer, true);
    view.setUint32(list + i * 8 + 4, length, true);
  });
  return [list, texts.length];
}

/** `WebAssembly.promising` (JSPI), which TypeScript's lib does not declare yet: an export that may suspend. */
export function promising(fn: WebAssembly.ExportValue): (...args: unknown[]) => Promise<unknown> {
  return (
    WebAssembly as unknown as {
      promising: (fn: WebAssembly.ExportValue) => (...args: unknown[]) => Promise<unknown>;
    }
  ).promising(fn);
}
