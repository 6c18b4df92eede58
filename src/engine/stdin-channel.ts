/**
 * Stdin for a program that reads synchronously while the host feeds it asynchronously.
 * Pull-based: the worker asks for more only when it has consumed everything, then blocks
 * in `Atomics.wait`; the host answers with at most one chunk. Memory stays bounded by the
 * chunk size whatever the size of the input.
 *
 * Shared layout: Int32 [state, length], then CHUNK bytes of data.
 */

const STATE = 0;
const LENGTH = 1;
const EMPTY = 0;
const DATA = 1;
const EOF = 2;
const HEADER_BYTES = 8;

export const STDIN_CHUNK = 64 * 1024;

export function createStdinBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + STDIN_CHUNK);
}

/** The worker's end. */
export class StdinReader {
  private readonly control: Int32Array | undefined;
  private readonly data: Uint8Array | undefined;
  private pending: Uint8Array;
  private ended: boolean;

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

  private pull(): void {
    const control = this.control!;
    this.askForMore();
    Atomics.wait(control, STATE, EMPTY);
    if (Atomics.load(control, STATE) === DATA) {
      this.pending = this.data!.slice(0, control[LENGTH]);
      Atomics.store(control, STATE, EMPTY);
    } else {
      this.ended = true;
    }
  }
}

/** The host's end. */
export class StdinWriter {
  private readonly control: Int32Array;
  private readonly data: Uint8Array;
  private readonly queue: Uint8Array[] = [];
  private wanted = false;
  private closed = false;

  constructor(buffer: SharedArrayBuffer) {
    this.control = new Int32Array(buffer, 0, 2);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
  }

  get isClosed(): boolean {
    return this.closed;
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
    if (!this.wanted) return;
    if (this.queue.length > 0) {
      const head = this.queue[0];
      const chunk = head.subarray(0, STDIN_CHUNK);
      if (chunk.length === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(chunk.length);
      this.data.set(chunk);
      this.control[LENGTH] = chunk.length;
      this.signal(DATA);
    } else if (this.closed) {
      this.signal(EOF);
    }
  }

  private signal(state: number): void {
    this.wanted = false;
    Atomics.store(this.control, STATE, state);
    Atomics.notify(this.control, STATE);
  }
}
