// Output chunks as an async iterator: pushed by the run, pulled by whoever iterates, ended once.
import type { OutputChunk } from "./types";

export class OutputQueue implements AsyncIterable<OutputChunk> {
  private readonly chunks: OutputChunk[] = [];
  private readonly waiting: ((result: IteratorResult<OutputChunk>) => void)[] = [];
  private ended = false;

  push(chunk: OutputChunk): void {
    const next = this.waiting.shift();
    if (next) next({ value: chunk, done: false });
    else this.chunks.push(chunk);
  }

  end(): void {
    this.ended = true;
    for (const next of this.waiting.splice(0)) next({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<OutputChunk> {
    return {
      next: () => {
        const chunk = this.chunks.shift();
        if (chunk) return Promise.resolve({ value: chunk, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.waiting.push(resolve));
      },
    };
  }
}
