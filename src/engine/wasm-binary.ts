/**
 * Reading and patching a wasm binary before it is compiled: the memory cap is written into
 * the module's own memory section, so `memory.grow` fails at the cap inside the guest (its
 * allocator reports it) instead of the host running out of memory. A runtime's memory can
 * also be turned into an import, so that a worker can hand the next run the same, already
 * mapped memory (see worker/memory-pool.ts).
 */

import { concatBytes } from "./wire/bytes";
import { HOST_MEMORY_IMPORT, type MemoryLimits } from "./wire/memory-import";
import { formatBytes } from "./wire/units";

const TYPE_SECTION = 1;
const IMPORT_SECTION = 2;
const MEMORY_SECTION = 5;
const HEADER_BYTES = 8;
export const WASM_PAGE_BYTES = 64 * 1024;
export class WasmBinaryError extends Error {}

/** Returns a copy of `bytes` whose defined memories may grow to at most `maxBytes`. */
export function capMemory(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const all = checkedSections(bytes);
  const memorySection = all.find((section) => section.id === MEMORY_SECTION);
  if (!memorySection) return bytes;
  const body = cappedMemoryBody(bytes, memorySection, maxBytes);
  return replaceSections(bytes, all, new Map([[MEMORY_SECTION, body]]));
}

/**
 * `capMemory`, then the module's one defined memory turned into the import
 * `HOST_MEMORY_IMPORT` with the same (capped) limits, so the caller can supply and later
 * reuse the memory. `limits` is null, the memory left defined (capped), when the module has
 * no single plain memory (shared, 64-bit) or no import section. One copy of the module, not
 * one per rewrite: for clang's 75 MB module that is about 45 ms less of a cold start; none
 * when the caller owns `bytes`' buffer and leaves `headroom` free bytes before them (see
 * `replaceSections`): `bytes` must not be read again then.
 */
export function capMemoryAsImport(
  bytes: Uint8Array,
  maxBytes: number,
  headroom = 0,
): { bytes: Uint8Array; limits: MemoryLimits | null } {
  const all = checkedSections(bytes);
  const memorySection = all.find((section) => section.id === MEMORY_SECTION);
  if (!memorySection) return { bytes, limits: null };
  const capped = cappedMemoryBody(bytes, memorySection, maxBytes);
  const imported = memoryAsImport(bytes, all, capped);
  if (!imported) {
    return { bytes: replaceSections(bytes, all, new Map([[MEMORY_SECTION, capped]]), headroom), limits: null };
  }
  const replaced = new Map([
    [MEMORY_SECTION, null],
    [IMPORT_SECTION, imported.importBody],
  ]);
  return { bytes: replaceSections(bytes, all, replaced, headroom), limits: imported.limits };
}

function checkedSections(bytes: Uint8Array): Section[] {
  if (bytes.length < HEADER_BYTES || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new WasmBinaryError("not a WebAssembly module (bad magic number)");
  }
  return sections(bytes);
}

function cappedMemoryBody(bytes: Uint8Array, memorySection: Section, maxBytes: number): Uint8Array {
  const maxPages = Math.max(1, Math.floor(maxBytes / WASM_PAGE_BYTES));
  return rewriteMemorySection(bytes.subarray(memorySection.bodyStart, memorySection.bodyEnd), maxPages, maxBytes);
}

/** Free bytes to leave before a module read for `capMemoryAsImport`: its first sections grow by about 30. */
export const REWRITE_HEADROOM = 64;

/**
 * The module with the sections named in `replaced` given new bodies (null: dropped), in one
 * copy; or, with `headroom` free bytes of the caller's own before `bytes`, with no copy of
 * what follows the last changed section (for a runtime, the code and the data): the new
 * first sections are written just before it, over the old ones and into the headroom.
 */
function replaceSections(
  bytes: Uint8Array,
  all: Section[],
  replaced: Map<number, Uint8Array | null>,
  headroom = 0,
): Uint8Array {
  let lastChanged = -1;
  all.forEach((section, i) => {
    if (replaced.has(section.id)) lastChanged = i;
  });
  if (lastChanged < 0) return bytes;
  const parts: Uint8Array[] = [bytes.subarray(0, HEADER_BYTES)];
  for (const section of all.slice(0, lastChanged + 1)) {
    if (!replaced.has(section.id)) {
      parts.push(bytes.subarray(section.start, section.bodyEnd));
      continue;
    }
    const body = replaced.get(section.id);
    if (body) parts.push(Uint8Array.from([section.id, ...writeLeb(body.length)]), body);
  }
  // A view of `bytes` when it is the header alone: set() copies a source that shares the target's buffer first.
  const prefix = concatBytes(parts);
  const unchangedStart = all[lastChanged].bodyEnd;
  const start = unchangedStart - prefix.length;
  if (headroom > 0 && start >= -headroom) {
    const rewritten = new Uint8Array(bytes.buffer, bytes.byteOffset + start, bytes.length - start);
    rewritten.set(prefix, 0);
    return rewritten;
  }
  return concatBytes([prefix, bytes.subarray(unchangedStart)]);
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
        `the program needs ${formatBytes(min.value * WASM_PAGE_BYTES)} of memory to start, over the limit of ${formatBytes(maxBytes)}`,
      );
    }
    const cappedMax = max === undefined ? maxPages : Math.min(max, maxPages);
    out.push(flags | 0x01, ...writeLeb(min.value), ...writeLeb(cappedMax));
  }
  return Uint8Array.from(out);
}

interface Section {
  id: number;
  /** From the id byte to the end of the body. */
  start: number;
  bodyStart: number;
  bodyEnd: number;
}

function sections(bytes: Uint8Array): Section[] {
  const found: Section[] = [];
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    const size = readLeb(bytes, offset + 1);
    const bodyStart = offset + 1 + size.length;
    const bodyEnd = bodyStart + size.value;
    if (bodyEnd > bytes.length) throw new WasmBinaryError("truncated WebAssembly module");
    found.push({ id: bytes[offset], start: offset, bodyStart, bodyEnd });
    offset = bodyEnd;
  }
  return found;
}

/** The import section's body with `memories`' one memory added as `HOST_MEMORY_IMPORT`, or null. */
function memoryAsImport(
  bytes: Uint8Array,
  all: Section[],
  memories: Uint8Array,
): { importBody: Uint8Array; limits: MemoryLimits } | null {
  const importSection = all.find((section) => section.id === IMPORT_SECTION);
  if (!importSection) return null;
  const count = readLeb(memories, 0);
  if (count.value !== 1) return null;
  const flags = memories[count.length];
  if (flags !== 0x01) return null; // shared, 64-bit or uncapped memories are left alone
  const initial = readLeb(memories, count.length + 1);
  const maximum = readLeb(memories, count.length + 1 + initial.length);
  const limits = { initial: initial.value, maximum: maximum.value };

  const imports = bytes.subarray(importSection.bodyStart, importSection.bodyEnd);
  const importCount = readLeb(imports, 0);
  const encoder = new TextEncoder();
  const name = (text: string) => {
    const encoded = encoder.encode(text);
    return [...writeLeb(encoded.length), ...encoded];
  };
  const memoryImport = [
    ...name(HOST_MEMORY_IMPORT.module),
    ...name(HOST_MEMORY_IMPORT.name),
    0x02,
    0x01,
    ...writeLeb(limits.initial),
    ...writeLeb(limits.maximum),
  ];
  const importBody = concatBytes([
    Uint8Array.from(writeLeb(importCount.value + 1)),
    imports.subarray(importCount.length),
    Uint8Array.from(memoryImport),
  ]);
  return { importBody, limits };
}

const VALUE_TYPES: Record<number, string> = {
  0x7f: "i32",
  0x7e: "i64",
  0x7d: "f32",
  0x7c: "f64",
  0x7b: "v128",
  0x70: "funcref",
  0x6f: "externref",
};

export interface FunctionImport {
  module: string;
  name: string;
  params: string[];
  results: string[];
}

/**
 * The function imports of a module that compiled, with their types (the JS API does not
 * give them). Types other than plain function types are named "unknown".
 */
export function functionImports(bytes: Uint8Array): FunctionImport[] {
  const all = sections(bytes);
  const types: { params: string[]; results: string[] }[] = [];
  const typeSection = all.find((section) => section.id === TYPE_SECTION);
  if (typeSection) {
    let offset = typeSection.bodyStart;
    const count = readLeb(bytes, offset);
    offset += count.length;
    for (let i = 0; i < count.value; i++) {
      // 0x60: a function type; anything else (GC's rec/sub groups) ends what we can read.
      if (bytes[offset] !== 0x60) break;
      offset++;
      const vector = () => {
        const n = readLeb(bytes, offset);
        offset += n.length;
        const out = [...bytes.subarray(offset, offset + n.value)].map((code) => VALUE_TYPES[code] ?? "unknown");
        offset += n.value;
        return out;
      };
      const params = vector();
      types.push({ params, results: vector() });
    }
  }
  const imports: FunctionImport[] = [];
  const importSection = all.find((section) => section.id === IMPORT_SECTION);
  if (!importSection) return imports;
  const decoder = new TextDecoder();
  let offset = importSection.bodyStart;
  const name = () => {
    const n = readLeb(bytes, offset);
    offset += n.length;
    const text = decoder.decode(bytes.subarray(offset, offset + n.value));
    offset += n.value;
    return text;
  };
  const leb = () => {
    const n = readLeb(bytes, offset);
    offset += n.length;
    return n.value;
  };
  const limits = () => {
    const flags = bytes[offset++];
    leb();
    if (flags & 0x01) leb();
  };
  const count = leb();
  for (let i = 0; i < count; i++) {
    const module = name();
    const field = name();
    const kind = bytes[offset++];
    if (kind === 0x00) {
      const type = types[leb()] ?? { params: ["unknown"], results: ["unknown"] };
      imports.push({ module, name: field, ...type });
    } else if (kind === 0x01) {
      offset++; // reference type
      limits();
    } else if (kind === 0x02) {
      limits();
    } else if (kind === 0x03) {
      offset += 2; // value type, mutability
    } else if (kind === 0x04) {
      offset++; // exception tag: attribute, then its type
      leb();
    } else {
      throw new WasmBinaryError(`import kind ${kind} is not supported`);
    }
  }
  return imports;
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
