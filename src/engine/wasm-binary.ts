/**
 * Reading and patching a wasm binary before it is compiled: the memory cap is written into
 * the module's own memory section, so `memory.grow` fails at the cap inside the guest (its
 * allocator reports it) instead of the host running out of memory.
 */

const MEMORY_SECTION = 5;
const HEADER_BYTES = 8;
export const WASM_PAGE_BYTES = 64 * 1024;

export class WasmBinaryError extends Error {}

/** Returns a copy of `bytes` whose defined memories may grow to at most `maxBytes`. */
export function capMemory(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const maxPages = Math.max(1, Math.floor(maxBytes / WASM_PAGE_BYTES));
  if (bytes.length < HEADER_BYTES || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new WasmBinaryError("not a WebAssembly module (bad magic number)");
  }
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    const id = bytes[offset];
    const size = readLeb(bytes, offset + 1);
    const bodyStart = offset + 1 + size.length;
    const bodyEnd = bodyStart + size.value;
    if (bodyEnd > bytes.length) throw new WasmBinaryError("truncated WebAssembly module");
    if (id === MEMORY_SECTION) {
      const body = rewriteMemorySection(bytes.subarray(bodyStart, bodyEnd), maxPages, maxBytes);
      const sizeBytes = writeLeb(body.length);
      const out = new Uint8Array(bytes.length - (bodyEnd - offset) + 1 + sizeBytes.length + body.length);
      out.set(bytes.subarray(0, offset));
      out[offset] = MEMORY_SECTION;
      out.set(sizeBytes, offset + 1);
      out.set(body, offset + 1 + sizeBytes.length);
      out.set(bytes.subarray(bodyEnd), offset + 1 + sizeBytes.length + body.length);
      return out;
    }
    offset = bodyEnd;
  }
  return bytes;
}

function rewriteMemorySection(body: Uint8Array, maxPages: number, maxBytes: number): Uint8Array {
  const count = readLeb(body, 0);
  let offset = count.length;
  const out: number[] = [...writeLeb(count.value)];
  for (let i = 0; i < count.value; i++) {
    const flags = body[offset++];
    if (flags & 0x04) throw new WasmBinaryError("64-bit memories are not supported");
    const min = readLeb(body, offset);
    offset += min.length;
    let max: number | undefined;
    if (flags & 0x01) {
      const declared = readLeb(body, offset);
      offset += declared.length;
      max = declared.value;
    }
    if (min.value > maxPages) {
      throw new WasmBinaryError(
        `the program needs ${Math.ceil((min.value * WASM_PAGE_BYTES) / (1024 * 1024))} MiB of memory to start, over the limit of ${Math.floor(maxBytes / (1024 * 1024))} MiB`,
      );
    }
    const cappedMax = max === undefined ? maxPages : Math.min(max, maxPages);
    out.push(flags | 0x01, ...writeLeb(min.value), ...writeLeb(cappedMax));
  }
  return Uint8Array.from(out);
}

function readLeb(bytes: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  let shift = 0;
  let length = 0;
  for (;;) {
    if (offset + length >= bytes.length) throw new WasmBinaryError("truncated WebAssembly module");
    const byte = bytes[offset + length++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, length };
    shift += 7;
    if (shift > 35) throw new WasmBinaryError("malformed WebAssembly module");
  }
}

function writeLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/**
 * Imports a module asks for that the sandbox does not give: anything outside the WASI
 * namespaces (save `allowed` stubs), and memories or tables from the host.
 */
export function unsupportedImports(
  module: WebAssembly.Module,
  wasiFunctions: ReadonlySet<string>,
  allowed: { module: string; name: string }[],
): string[] {
  const stubs = new Set(allowed.map((stub) => `${stub.module}.${stub.name}`));
  return WebAssembly.Module.imports(module)
    .filter((imp) => {
      if (stubs.has(`${imp.module}.${imp.name}`)) return false;
      const wasiModule = imp.module === "wasi_snapshot_preview1" || imp.module === "wasi_unstable";
      return !(wasiModule && imp.kind === "function" && wasiFunctions.has(imp.name));
    })
    .map((imp) => `${imp.module}.${imp.name} (${imp.kind})`);
}
