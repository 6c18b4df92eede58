/**
 * A single-producer, single-consumer ring of output records in a SharedArrayBuffer.
 * The worker appends every write straight into it, so output survives a worker that
 * is terminated mid-run (timeout, cancel), and the host drains it in batches: one
 * message per drain, not one per write.
 *
 * Record: [stream: u8][length: u24 little-endian][bytes]. Positions are free-running
 * u32 counters; the capacity is a power of two so `pos % capacity` stays continuous
 * when they wrap.
 */

const WRITE = 0; // total bytes published by the producer
const READ = 1; // total bytes consumed by the consumer
const NOTIFIED = 2; // 1 while the consumer has been told there is data and has not drained yet
const HEADER_INTS = 4;
const RECORD_HEADER = 4;

export const STREAM_STDOUT = 1;
export const STREAM_STDERR = 2;

export interface OutputRecord {
  stream: number;
  data: Uint8Array;
}

/** 4 MiB: a fast writer rarely waits for the host, and a record (up to a quarter of it) is 1 MiB. */
export function createOutputRingBuffer(capacity = 4 * 1024 * 1024): SharedArrayBuffer {
  if ((capacity & (capacity - 1)) !== 0) throw new Error("ring capacity must be a power of two");
  return new SharedArrayBuffer(HEADER_INTS * 4 + capacity);
}

class Ring {
  protected readonly header: Int32Array;
  protected readonly data: Uint8Array;
  protected readonly capacity: number;

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_INTS);
    this.data = new Uint8Array(buffer, HEADER_INTS * 4);
    this.capacity = this.data.length;
  }

  protected used(): number {
    return (Atomics.load(this.header, WRITE) - Atomics.load(this.header, READ)) >>> 0;
  }

  protected copyIn(pos: number, bytes: Uint8Array): void {
    const start = (pos >>> 0) % this.capacity;
    const first = Math.min(bytes.length, this.capacity - start);
    this.data.set(bytes.subarray(0, first), start);
    if (first < bytes.length) this.data.set(bytes.subarray(first), 0);
  }

  protected copyOut(pos: number, length: number): Uint8Array {
    const start = (pos >>> 0) % this.capacity;
    // One copy into a new (unshared) array; two pieces only where the record wraps.
    if (start + length <= this.capacity) return this.data.slice(start, start + length);
    const out = new Uint8Array(length);
    const first = this.capacity - start;
    out.set(this.data.subarray(start, start + first));
    out.set(this.data.subarray(0, length - first), first);
    return out;
  }
}

/** The worker's end. */
export class OutputRingWriter extends Ring {
  /** Largest record payload: small enough that a record always fits an empty ring. */
  private readonly maxRecord: number;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly notifyConsumer: () => void,
  ) {
    super(buffer);
    this.maxRecord = Math.min(this.capacity / 4, 0xffffff);
  }

  /** Nothing to send: every write is in the ring at once, readable even after the worker is terminated. */
  flush(): void {}

  write(stream: number, bytes: Uint8Array): void {
    for (let offset = 0; offset < bytes.length; offset += this.maxRecord) {
      this.writeRecord(stream, bytes.subarray(offset, offset + this.maxRecord));
    }
  }

  private writeRecord(stream: number, bytes: Uint8Array): void {
    const needed = RECORD_HEADER + bytes.length;
    // Back-pressure: wait until the host has drained enough. It is woken by the drain.
    while (this.capacity - this.used() < needed) {
      this.notify();
      Atomics.wait(this.header, READ, Atomics.load(this.header, READ), 50);
    }
    const pos = Atomics.load(this.header, WRITE);
    const length = bytes.length;
    this.copyIn(pos, Uint8Array.of(stream, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff));
    this.copyIn(pos + RECORD_HEADER, bytes);
    Atomics.store(this.header, WRITE, (pos + needed) | 0);
    this.notify();
  }

  /** Tell the host once per drain cycle, however many records arrive meanwhile. */
  private notify(): void {
    if (Atomics.compareExchange(this.header, NOTIFIED, 0, 1) === 0) this.notifyConsumer();
  }
}

/** The host's end. */
export class OutputRingReader extends Ring {
  /**
   * Take every complete record published so far. What is there is copied out in one piece
   * and each record is a view of that copy: one allocation per drain, not one per record
   * (the copies and their garbage were most of the host's cost of a fast writer). A record
   * kept by a consumer keeps its drain's copy alive: at most the ring's size, and every byte
   * of it output, which the output limit bounds.
   */
  drain(): OutputRecord[] {
    const records: OutputRecord[] = [];
    for (;;) {
      Atomics.store(this.header, NOTIFIED, 0);
      const start = Atomics.load(this.header, READ);
      const end = Atomics.load(this.header, WRITE);
      if (start === end) break;
      const copy = this.copyOut(start, (end - start) >>> 0);
      for (let at = 0; at < copy.length;) {
        const length = copy[at + 1] | (copy[at + 2] << 8) | (copy[at + 3] << 16);
        records.push({ stream: copy[at], data: copy.subarray(at + RECORD_HEADER, at + RECORD_HEADER + length) });
        at += RECORD_HEADER + length;
      }
      Atomics.store(this.header, READ, end);
      Atomics.notify(this.header, READ);
    }
    return records;
  }
}
