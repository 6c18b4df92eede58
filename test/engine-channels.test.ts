// The engine's two byte channels between host and worker, on their own: stdin delivered in
// chunks (coalesced, bounded, in order, asked for ahead) and the output ring (records in
// order across its wrap, large writes split, back-pressure when full).
import assert from "node:assert/strict";
import {
  createOutputRingBuffer,
  OutputRingReader,
  OutputRingWriter,
  STREAM_STDERR,
  STREAM_STDOUT,
} from "../src/engine/wire/output-ring";
import {
  createStdinBuffer,
  joinPieces,
  sharedDelivery,
  StdinReader,
  StdinWriter,
  STDIN_CHUNK,
} from "../src/engine/wire/stdin-channel";

/** Bytes 0, 1, 2, ... (mod 251, so no period divides a chunk size) from `start`. */
function pattern(start: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (start + i) % 251);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return joinPieces(parts.length === 0 ? [new Uint8Array(0)] : parts).slice();
}

describe("engine channels", () => {
  describe("stdin", () => {
    it("coalesces small writes into deliveries of at most one chunk, in order, then end-of-file", () => {
      const writer = new StdinWriter();
      const deliveries: (Uint8Array | null)[] = [];
      writer.attach((pieces) => deliveries.push(pieces && joinPieces(pieces)));
      let offset = 0;
      // 3.5 chunks written 1000 bytes at a time, then one write larger than a chunk.
      while (offset < 3.5 * STDIN_CHUNK) {
        writer.write(pattern(offset, 1000));
        offset += 1000;
      }
      writer.write(pattern(offset, 2 * STDIN_CHUNK + 7));
      offset += 2 * STDIN_CHUNK + 7;
      writer.close();
      assert.equal(deliveries.length, 0, "nothing is delivered before the worker asks");
      while (deliveries[deliveries.length - 1] !== null) writer.onWanted();
      const data = deliveries.slice(0, -1) as Uint8Array[];
      assert.ok(data.every((chunk) => chunk.length <= STDIN_CHUNK && chunk.length > 0));
      assert.equal(data.length, Math.ceil(offset / STDIN_CHUNK), "every delivery but the last is a whole chunk");
      assert.deepEqual(concat(data), pattern(0, offset));
    });

    it("a reader over shared memory reads across deliveries and asks for the next chunk as it takes one", () => {
      const buffer = createStdinBuffer();
      const writer = new StdinWriter();
      writer.attach(sharedDelivery(buffer));
      const total = 2 * STDIN_CHUNK + 12345;
      writer.write(pattern(0, total));
      writer.close();
      let asked = 0;
      // The host answers at once, here in the same thread, so the reader never really waits.
      const reader = new StdinReader(pattern(0, 10), buffer, () => {
        asked++;
        writer.onWanted();
      });
      const parts: Uint8Array[] = [reader.read(10)];
      assert.equal(asked, 0, "bytes sent up front are read without asking");
      // Odd-sized reads, so that they straddle the chunks.
      for (let part = reader.read(70001); part.length > 0; part = reader.read(70001)) parts.push(part.slice());
      assert.deepEqual(concat(parts), concat([pattern(0, 10), pattern(0, total)]));
      // One ask per chunk taken (each asks for the next ahead), and one that found end-of-file.
      assert.equal(asked, Math.ceil(total / STDIN_CHUNK) + 1);
      assert.equal(reader.readable(), true, "at end-of-file a read does not wait");
    });
  });

  describe("output ring", () => {
    it("hands over records in order across the ring's wrap, splitting writes larger than a record", () => {
      const capacity = 64 * 1024;
      const buffer = createOutputRingBuffer(capacity);
      const reader = new OutputRingReader(buffer);
      const received: { stream: number; data: Uint8Array }[] = [];
      let notified = 0;
      // The host drains when told (here at once): a full ring waits for it.
      const writer = new OutputRingWriter(buffer, () => {
        notified++;
        received.push(...reader.drain());
      });
      const written: { stream: number; data: Uint8Array }[] = [];
      let offset = 0;
      for (const size of [1, 5000, 16 * 1024, 3 * capacity + 17, 999, 40000, 40000, 40000]) {
        const stream = size % 2 ? STREAM_STDERR : STREAM_STDOUT;
        const data = pattern(offset, size);
        offset += size;
        writer.write(stream, data);
        written.push({ stream, data });
      }
      received.push(...reader.drain());
      for (const stream of [STREAM_STDOUT, STREAM_STDERR]) {
        const sent = concat(written.filter((w) => w.stream === stream).map((w) => w.data));
        const got = concat(received.filter((r) => r.stream === stream).map((r) => r.data));
        assert.deepEqual(got, sent, `stream ${stream}`);
      }
      assert.ok(
        received.every((r) => r.data.length <= capacity / 4),
        "no record larger than a quarter of the ring",
      );
      assert.ok(notified > 0);
      assert.ok(
        received.every((r) => !(r.data.buffer instanceof SharedArrayBuffer)),
        "records are copies the host may keep, not views of the ring",
      );
    });

    it("a drain of several records hands each over intact, and the ring's reuse after it does not change them", () => {
      const capacity = 64 * 1024;
      const buffer = createOutputRingBuffer(capacity);
      const reader = new OutputRingReader(buffer);
      // Nobody drains on notice: the records pile up and are taken in one drain.
      const writer = new OutputRingWriter(buffer, () => {});
      const received: { stream: number; data: Uint8Array }[] = [];
      const written: { stream: number; data: Uint8Array }[] = [];
      let offset = 0;
      // Three rounds of records filling most of the ring, so the later rounds wrap over the
      // bytes the first drains were copied from.
      for (let round = 0; round < 3; round++) {
        for (const size of [1, 7000, 12000, 3, 16000]) {
          const stream = (size + round) % 2 ? STREAM_STDERR : STREAM_STDOUT;
          const data = pattern(offset, size);
          offset += size;
          writer.write(stream, data);
          written.push({ stream, data });
        }
        const drained = reader.drain();
        assert.equal(drained.length, 5, `round ${round}: every record of the round in one drain`);
        received.push(...drained);
      }
      assert.deepEqual(
        received.map((r) => r.stream),
        written.map((w) => w.stream),
      );
      received.forEach((r, i) => assert.deepEqual(r.data, written[i].data, `record ${i}`));
    });
  });
});
