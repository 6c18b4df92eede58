/**
 * Case data that lives in files, moved in bounded memory: a program's stdin is read from its
 * file only as the program consumes it, and an answer file is read only as fast as the
 * program's output comes to be compared with it.
 */
import { STDIN_CHUNK } from "../engine";
import type { StreamComparator } from "./stream-compare";

/** How far the stdin feeder reads ahead of the program. */
const STDIN_AHEAD = 4 * STDIN_CHUNK;
/**
 * The engine hands a waiting program exactly this much per request (less only at the end
 * of a written piece): how the feeder tells what is still queued.
 */
const DELIVERY = STDIN_CHUNK;
/** How far the answer may be read ahead of the output it is compared with. */
const ANSWER_AHEAD = 4 * 1024 * 1024;

export interface StdinTarget {
  writeStdin(data: Uint8Array): void;
  closeStdin(): void;
}

/** Writes a file into a run's stdin a little ahead of the program's reads. */
export class StdinFeeder {
  private readonly chunks: AsyncIterator<Uint8Array>;
  /** Bytes written and, as far as can be told, not yet handed to the program. */
  private queued = 0;
  private reading = false;
  private done = false;
  error: string | undefined;

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly target: StdinTarget,
  ) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  /** The program waits for input: the engine hands it one delivery of what was written. */
  wanted(): void {
    this.queued = Math.max(0, this.queued - DELIVERY);
    void this.fill();
  }

  /** Stop reading (the run ended). */
  stop(): void {
    if (this.done) return;
    this.done = true;
    void this.chunks.return?.();
  }

  private async fill(): Promise<void> {
    if (this.reading || this.done) return;
    this.reading = true;
    try {
      while (!this.done && this.queued < STDIN_AHEAD) {
        const next = await this.chunks.next();
        if (this.done) return;
        if (next.done) {
          this.done = true;
          this.target.closeStdin();
          return;
        }
        this.queued += next.value.length;
        this.target.writeStdin(next.value);
      }
    } catch (error) {
      this.error = `cannot read the input file: ${error instanceof Error ? error.message : error}`;
      this.done = true;
      this.target.closeStdin();
    } finally {
      this.reading = false;
    }
  }
}

/** Reads an answer file into a comparator, pausing while it is far ahead of the output. */
export class AnswerPump {
  private readonly chunks: AsyncIterator<Uint8Array>;
  private resume: (() => void) | undefined;
  private readonly reading: Promise<void>;
  private outputEnded = false;
  error: string | undefined;

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly comparator: StreamComparator,
  ) {
    this.chunks = source[Symbol.asyncIterator]();
    this.reading = this.read();
  }

  /** Output was compared: the answer may have room to be read further. */
  nudge(): void {
    if (
      this.resume &&
      (this.outputEnded || this.comparator.expectedBacklog < ANSWER_AHEAD || this.comparator.decided)
    ) {
      const resume = this.resume;
      this.resume = undefined;
      resume();
    }
  }

  /** The output ended: read the rest of the answer (until a difference) and end it. */
  async finish(): Promise<void> {
    this.outputEnded = true;
    this.nudge();
    await this.reading;
  }

  private async read(): Promise<void> {
    try {
      for (;;) {
        if (this.comparator.decided) break;
        if (!this.outputEnded && this.comparator.expectedBacklog >= ANSWER_AHEAD) {
          await new Promise<void>((resolve) => (this.resume = resolve));
          continue;
        }
        const next = await this.chunks.next();
        if (next.done) break;
        this.comparator.pushExpected(next.value);
      }
    } catch (error) {
      this.error = `cannot read the answer file: ${error instanceof Error ? error.message : error}`;
    } finally {
      void this.chunks.return?.();
      this.comparator.endExpected();
    }
  }
}
