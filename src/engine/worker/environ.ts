/**
 * `environ_sizes_get` and `environ_get` over the environment encoded once per run. The
 * wasi-vfs inside CPython 3.12's binary reads the whole environment before nearly every
 * call (about 110 times in a hello world), and the shim encodes every variable anew each
 * time.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";

export function environFunctions(env: string[], memory: () => WebAssembly.Memory) {
  const encoder = new TextEncoder();
  // Each variable as the guest receives it: UTF-8, NUL-terminated.
  const strings = env.map((variable) => encoder.encode(`${variable}\0`));
  const bytes = strings.reduce((sum, s) => sum + s.length, 0);
  return {
    environ_sizes_get: (countPtr: number, bytesPtr: number) => {
      const view = new DataView(memory().buffer);
      view.setUint32(countPtr, strings.length, true);
      view.setUint32(bytesPtr, bytes, true);
      return wasi.ERRNO_SUCCESS;
    },
    environ_get: (pointersPtr: number, bufferPtr: number) => {
      const buffer = memory().buffer;
      const view = new DataView(buffer);
      const bytesView = new Uint8Array(buffer);
      let at = bufferPtr;
      strings.forEach((s, i) => {
        view.setUint32(pointersPtr + i * 4, at, true);
        bytesView.set(s, at);
        at += s.length;
      });
      return wasi.ERRNO_SUCCESS;
    },
  };
}
