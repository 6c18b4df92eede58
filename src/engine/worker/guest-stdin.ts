/**
 * The program's stdin inside the worker. With shared memory a read blocks until the host
 * answers; without it, more input can only be awaited, which JSPI makes possible: the
 * import that reads suspends the wasm stack until `fill()` resolves.
 */
import { StdinReader } from "../wire/stdin-channel";

export interface GuestStdin {
  /** Up to `max` bytes; empty at end-of-file (or when nothing can be awaited). */
  read(max: number): Uint8Array;
  /** True when a read now would need input that has to be awaited first. */
  needsFill(): boolean;
  /** Waits for the next chunk from the host. */
  fill(): Promise<void>;
  /** True when a read now would not wait (there is data, or end-of-file): what poll reports. */
  readable(): boolean;
  /** Waits at most `ms` (Infinity: no limit) for `readable()`; whether it became so. */
  waitReadable(ms: number): boolean | Promise<boolean>;
}

/** Stdin that is never awaited: reads block on shared memory, or only what came up front is there. */
export class BlockingStdin extends StdinReader implements GuestStdin {
  needsFill(): boolean {
    return false;
  }

  async fill(): Promise<void> {}
}

export class MessageStdin implements GuestStdin {
  private pending: Uint8Array;
  private ended = false;
  /** The host was asked for a chunk and has not answered yet: asked once, awaited by all. */
  private arrival: { promise: Promise<void>; resolve: () => void } | undefined;

  /**
   * @param canWait whether reads can be suspended (JSPI); without it, a read that would have
   *   to wait calls `cannotWait` once and sees end-of-file instead of hanging.
   */
  constructor(
    initial: Uint8Array,
    private readonly askForMore: () => void,
    private readonly canWait: boolean,
    private readonly cannotWait: () => void,
  ) {
    this.pending = initial;
  }

  read(max: number): Uint8Array {
    if (this.pending.length === 0 && !this.ended && !this.canWait) {
      this.ended = true;
      this.cannotWait();
    }
    const out = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(out.length);
    return out;
  }

  needsFill(): boolean {
    return this.canWait && this.pending.length === 0 && !this.ended;
  }

  fill(): Promise<void> {
    if (!this.arrival) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      this.arrival = { promise, resolve };
      this.askForMore();
    }
    return this.arrival.promise;
  }

  readable(): boolean {
    return !this.needsFill();
  }

  waitReadable(ms: number): boolean | Promise<boolean> {
    if (this.readable()) return true;
    return new Promise((resolve) => {
      const timer = ms === Infinity ? undefined : setTimeout(() => resolve(false), ms);
      void this.fill().then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** A `stdin-chunk` from the host: data, or `null` for end-of-file. */
  receive(data: Uint8Array | null): void {
    if (data) this.pending = data;
    else this.ended = true;
    this.arrival?.resolve();
    this.arrival = undefined;
  }
}
