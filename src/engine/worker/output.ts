/**
 * How output leaves the worker: into the shared ring (every write at once, so nothing is
 * lost when the worker is terminated), or, without shared memory, in batched messages.
 */
import type { OutputChunkMessage } from "../wire/protocol";

export interface OutputTransport {
  write(stream: number, data: Uint8Array): void;
  /** Send what is batched now (before the program blocks or ends). */
  flush(): void;
}

const BATCH_BYTES = 1024 * 1024;

/** Batches until 1 MiB or 10 ms have gathered: one message per batch, not per write. */
export class MessageTransport implements OutputTransport {
  private records: OutputChunkMessage["records"] = [];
  private bytes = 0;
  private lastSent = performance.now();

  constructor(private readonly send: (records: OutputChunkMessage["records"]) => void) {}

  write(stream: number, data: Uint8Array): void {
    const last = this.records[this.records.length - 1];
    // Consecutive writes to one stream join one record; the data is copied out of wasm memory.
    if (last && last.stream === stream && last.data.length < 4096) {
      const joined = new Uint8Array(last.data.length + data.length);
      joined.set(last.data);
      joined.set(data, last.data.length);
      last.data = joined;
    } else {
      this.records.push({ stream, data: data.slice() });
    }
    this.bytes += data.length;
    if (this.bytes >= BATCH_BYTES || performance.now() - this.lastSent >= 10) this.flush();
  }

  flush(): void {
    this.lastSent = performance.now();
    if (this.records.length === 0) return;
    this.send(this.records);
    this.records = [];
    this.bytes = 0;
  }
}
