/**
 * Tells a stack overflow apart from other crashes, so it is reported as one. Two stacks can
 * run out: V8's native stack, which every wasm call also uses ("Maximum call stack size
 * exceeded"), and the program's own stack in its linear memory. Our C/C++ programs put that
 * one first in memory (`wasm-ld --stack-first`) and export `__stack_pointer`: overflowing it
 * takes the pointer below address 0, and the next access traps out of bounds.
 */

/** Below this, a stack pointer at a trap means the stack ran out (frames are rarely larger). */
const NEAR_BOTTOM = 256 * 1024;

export function stackOverflowMessage(error: unknown, instance: WebAssembly.Instance): string | undefined {
  if (error instanceof RangeError && /call stack size/i.test(error.message)) {
    return "stack overflow: the recursion went deeper than the sandbox's native stack allows (in a browser, a worker's stack is far smaller than on the desktop and cannot be enlarged)";
  }
  if (!(error instanceof WebAssembly.RuntimeError) || !/out of bounds/.test(error.message)) return undefined;
  const pointer = instance.exports.__stack_pointer;
  if (!(pointer instanceof WebAssembly.Global)) return undefined;
  const value = Number(pointer.value) >>> 0;
  const memory = instance.exports.memory;
  const size = memory instanceof WebAssembly.Memory ? memory.buffer.byteLength : 0;
  if (value >= NEAR_BOTTOM && value < size) return undefined;
  return "stack overflow: the program used up its stack (8 MiB, as on Linux)";
}
