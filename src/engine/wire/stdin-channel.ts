/**
 * Stdin for a program that reads synchronously while the host feeds it asynchronously.
 * Pull-based: the worker asks for the next chunk as soon as it has taken one; the host
 * answers each request with at most one chunk. Memory stays bounded by the chunk size whatever the size
 * of the input. With shared memory the worker blocks in `Atomics.wait` on a small buffer
 * (layout: Int32 [state, length], then CHUNK bytes); without it, chunks travel as messages.
 */
import { concatBytes } from "./bytes";

const STATE = 0;
const LENGTH = 1;
const EMPTY = 0;
const DATA = 1;
const EOF = 2;
const HEADER_BYTES = 8;

/** Large enough that a fast reader makes few round trips to the host (about 200 per 200 MB). */
export const STDIN_CHUNK = 1024 * 1024;

export function createStdinBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + STDIN_CHUNK);
}

/** The worker's end over shared memory. */
export class StdinReader {
  private readonly control: Int32Array | undefined;
  private readonly data: Uint8Array | undefined;
  private pending: Uint8Array;
  private ended: boolean;
  private asked = false;

  /**
   * @param initial bytes known up front, sent with the run itself.
   * @param buffer the shared buffer for the rest; absent when `initial` is all there is.
   * @param askForMore tells the host that the program waits for input.
   */
  constructor(
    initial: Uint8Array,
    buffer: SharedArrayBuffer | undefined,
    private readonly askForMore: () => void,
  ) {
    this.pending = initial;
    this.ended = buffer === undefined;
    if (buffer) {
      this.control = new Int32Array(buffer, 0, 2);
      this.data = new Uint8Array(buffer, HEADER_BYTES);
    }
  }

  /** Up to `max` bytes; an empty array means end-of-file. */
  read(max: number): Uint8Array {
    if (this.pending.length === 0 && !this.ended) this.pull();
    const out = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(out.length);
    return out;
  }

  /** True when a read now would not wait: data, end-of-file, or a chunk delivered but not taken. */
  readable(): boolean {
    return this.pending.length > 0 || this.ended || Atomics.load(this.control!, STATE) !== EMPTY;
  }

  /** Waits at most `ms` (Infinity: no limit) for stdin to become readable; whether it did. */
  waitReadable(ms: number): boolean {
    if (this.readable()) return true;
    this.ask();
    Atomics.wait(this.control!, STATE, EMPTY, ms);
    return this.readable();
  }

  /** Asks the host once per chunk: a second request would deliver over an untaken chunk. */
  private ask(): void {
    if (this.asked) return;
    this.asked = true;
    this.askForMore();
  }

  private pull(): void {
    const control = this.control!;
    this.ask();
    Atomics.wait(control, STATE, EMPTY);
    this.asked = false;
    if (Atomics.load(control, STATE) === DATA) {
      this.pending = this.data!.slice(0, control[LENGTH]);
      Atomics.store(control, STATE, EMPTY);
      // Ask for the next chunk now, so the host fills the buffer while the program reads this one.
      this.ask();
    } else {
      this.ended = true;
    }
  }
}

/** How a chunk reaches the worker, as the pieces it is made of; `null` is end-of-file. */
export type StdinDelivery = (pieces: Uint8Array[] | null) => void;

/** Delivery into the shared buffer of a `StdinReader`: the pieces copied once, side by side. */
export function sharedDelivery(buffer: SharedArrayBuffer): StdinDelivery {
  const control = new Int32Array(buffer, 0, 2);
  const data = new Uint8Array(buffer, HEADER_BYTES);
  return (pieces) => {
    if (pieces) {
      let length = 0;
      for (const piece of pieces) {
        data.set(piece, length);
        length += piece.length;
      }
      control[LENGTH] = length;
    }
    Atomics.store(control, STATE, pieces ? DATA : EOF);
    Atomics.notify(control, STATE);
  };
}

/** The pieces of a delivery as one array of its own: a message would clone a view's whole buffer. */
export function joinPieces(pieces: Uint8Array[]): Uint8Array {
  const joined = concatBytes(pieces);
  return joined.byteLength === joined.buffer.byteLength ? joined : joined.slice();
}

/** The host's end: queues what is written, hands one chunk per request of the worker. */
export class StdinWriter {
  private readonly queue: Uint8Array[] = [];
  private wanted = false;
  private closed = false;
  private deliver: StdinDelivery | undefined;

  /** Connects the writer to a job; until then writes wait in the queue. */
  attach(deliver: StdinDelivery): void {
    this.deliver = deliver;
    this.pump();
  }

  write(bytes: Uint8Array): void {
    if (this.closed || bytes.length === 0) return;
    this.queue.push(bytes);
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.pump();
  }

  /** The worker asked for input. */
  onWanted(): void {
    this.wanted = true;
    this.pump();
  }

  private pump(): void {
    if (!this.wanted || !this.deliver) return;
    if (this.queue.length > 0) {
      // Up to one chunk of what is queued, however small the writes were.
      const pieces: Uint8Array[] = [];
      let room = STDIN_CHUNK;
      while (room > 0 && this.queue.length > 0) {
        const head = this.queue[0];
        const piece = head.subarray(0, room);
        if (piece.length === head.length) this.queue.shift();
        else this.queue[0] = head.subarray(piece.length);
        pieces.push(piece);
        room -= piece.length;
      }
      this.wanted = false;
      this.deliver(pieces);
    } else if (this.closed) {
      this.wanted = false;
      this.deliver(null);
    }
  }
}
