// The memory a runtime module imports instead of defining it: the host rewrites the module (wasm-binary.ts), the worker supplies and reuses the memory.

/** Where a module made by `capMemoryAsImport` finds its memory. */
export const HOST_MEMORY_IMPORT = { module: "runno", name: "memory" } as const;

/** In 64 KiB pages, as `new WebAssembly.Memory` takes them. */
export interface MemoryLimits {
  initial: number;
  maximum: number;
}
