/**
 * The host's end of a job's output and stdin, chosen here once per job and told to the
 * worker in `RunJobMessage.transport`: shared memory where the platform has it (the output
 * ring, a blocking stdin buffer), else messages both ways.
 */
import type { OutputStream } from "./api";
import { createOutputRingBuffer, OutputRingReader, STREAM_STDOUT, type OutputRecord } from "./wire/output-ring";
import type { JobTransport, StdinChunkMessage } from "./wire/protocol";
import { createStdinBuffer, joinPieces, sharedDelivery, StdinWriter } from "./wire/stdin-channel";

/** Largest stdin sent along with the job; over shared memory the rest is pulled in chunks. */
const INLINE_STDIN = 1024 * 1024;

export interface HostTransport {
  /** What the worker is told. */
  wire: JobTransport;
  /** Stdin sent with the job. */
  initialStdin: Uint8Array;
  /** Passes on the output in the ring (nothing without shared memory). */
  drain(): void;
  /** Passes on output that came as an `output-chunk` message. */
  receive(records: OutputRecord[]): void;
  /** The worker waits for stdin. */
  stdinWanted(): void;
}

export function openTransport(
  sharedMemory: boolean,
  stdin: { data: Uint8Array; writer?: StdinWriter },
  post: (message: StdinChunkMessage) => void,
  jobId: number,
  onOutput: (stream: OutputStream, data: Uint8Array) => void,
): HostTransport {
  const receive = (records: OutputRecord[]) => {
    for (const record of records) onOutput(record.stream === STREAM_STDOUT ? "stdout" : "stderr", record.data);
  };
  let { data, writer } = stdin;
  if (!sharedMemory) {
    // The worker may not be able to wait for more: all of stdin known up front goes with the job.
    writer?.attach((pieces) => post({ type: "stdin-chunk", jobId, data: pieces && joinPieces(pieces) }));
    return {
      wire: { kind: "messages", moreStdin: writer !== undefined },
      initialStdin: data,
      drain: () => {},
      receive,
      stdinWanted: () => writer?.onWanted(),
    };
  }
  if (!writer && data.length > INLINE_STDIN) {
    // Big stdin known up front: send the head now and stream the rest on demand.
    writer = new StdinWriter();
    writer.write(data.subarray(INLINE_STDIN));
    writer.close();
    data = data.subarray(0, INLINE_STDIN);
  }
  const stdinBuffer = writer && createStdinBuffer();
  if (writer && stdinBuffer) writer.attach(sharedDelivery(stdinBuffer));
  const outputRing = createOutputRingBuffer();
  const ring = new OutputRingReader(outputRing);
  return {
    wire: { kind: "shared-memory", outputRing, moreStdin: stdinBuffer },
    initialStdin: data,
    drain: () => receive(ring.drain()),
    receive,
    stdinWanted: () => writer?.onWanted(),
  };
}
