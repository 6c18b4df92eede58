/**
 * Memories of runtime modules, kept between runs in a worker. A fresh 10 MiB memory costs
 * a run about 4 ms of page faults while the runtime's data is copied in; a memory that
 * has been used before is already mapped. Each is zeroed before it is handed out again,
 * so a run never sees anything of the one before.
 */
import type { MemoryLimits } from "../wire/memory-import";

/**
 * Memories that grew past this are dropped, not kept: zeroing them would cost more than a
 * new one, and a runtime's allocator may leave what a memory starts with beyond its
 * declared size unused, so a big reused memory would lower what the next run may allocate.
 */
const KEEP_AT_MOST_BYTES = 32 * 1024 * 1024;
/** All the memories one worker keeps, at most: the least recently used go first. */
const POOL_BUDGET_BYTES = 48 * 1024 * 1024;

export class MemoryPool {
  /** By module, least recently given first. */
  private readonly spare = new Map<string, WebAssembly.Memory>();

  /** A zeroed memory for a module: a kept one, or a new one with the module's limits. */
  take(key: string, limits: MemoryLimits): WebAssembly.Memory {
    const kept = this.spare.get(key);
    if (!kept) return new WebAssembly.Memory(limits);
    this.spare.delete(key);
    new Uint8Array(kept.buffer).fill(0);
    return kept;
  }

  /** Keeps a memory whose run has ended for the next run of the same module. */
  give(key: string, memory: WebAssembly.Memory): void {
    if (memory.buffer.byteLength > KEEP_AT_MOST_BYTES) return;
    this.spare.delete(key);
    this.spare.set(key, memory);
    let total = 0;
    for (const kept of this.spare.values()) total += kept.buffer.byteLength;
    for (const [oldest, kept] of this.spare) {
      if (total <= POOL_BUDGET_BYTES) break;
      this.spare.delete(oldest);
      total -= kept.buffer.byteLength;
    }
  }
}
