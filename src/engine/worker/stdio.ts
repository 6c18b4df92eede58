/**
 * The three standard streams of a guest: stdin from the host's pull channel, stdout and
 * stderr into the job's output transport (the shared ring, or batched messages), with the
 * output limit counted here, in the worker.
 */
import { Fd, Inode, wasi } from "@bjorn3/browser_wasi_shim";
import { formatBytes } from "../wire/units";
import { type STREAM_STDERR, type STREAM_STDOUT } from "../wire/output-ring";
import type { GuestStdin } from "./guest-stdin";
import type { OutputTransport } from "./output";

/** Thrown from inside a WASI call to stop the guest at once; caught around `_start`. */
export class LimitExceeded extends Error {
  constructor(
    readonly limit: "memory" | "output",
    message: string,
  ) {
    super(message);
  }
}

/** Counts both streams against one limit and forwards what fits. */
export class OutputSink {
  private written = 0;

  constructor(
    private readonly transport: OutputTransport,
    private readonly limitBytes: number,
  ) {}

  write(stream: number, data: Uint8Array): void {
    const room = this.limitBytes - this.written;
    if (data.length > room) {
      if (room > 0) this.transport.write(stream, data.subarray(0, room));
      this.written = this.limitBytes;
      throw new LimitExceeded("output", `output limit of ${formatBytes(this.limitBytes)} reached`);
    }
    this.written += data.length;
    this.transport.write(stream, data);
  }

  flush(): void {
    this.transport.flush();
  }
}

/**
 * A standard stream. As a terminal it is a character device (wasi-libc's isatty is true,
 * so C stdio and Python flush at each line); otherwise it looks like a pipe.
 */
abstract class StdStream extends Fd {
  private readonly ino = Inode.issue_ino();
  private readonly filetype: number;

  constructor(
    private readonly rights: number,
    tty: boolean,
  ) {
    super();
    this.filetype = tty ? wasi.FILETYPE_CHARACTER_DEVICE : wasi.FILETYPE_UNKNOWN;
  }

  fd_fdstat_get() {
    const fdstat = new wasi.Fdstat(this.filetype, 0);
    fdstat.fs_rights_base = BigInt(this.rights);
    return { ret: wasi.ERRNO_SUCCESS, fdstat };
  }

  fd_filestat_get() {
    return { ret: wasi.ERRNO_SUCCESS, filestat: new wasi.Filestat(this.ino, this.filetype, 0n) };
  }

  // Streams cannot seek, as pipes and terminals cannot.
  fd_seek() {
    return { ret: wasi.ERRNO_SPIPE, offset: 0n };
  }

  fd_tell() {
    return { ret: wasi.ERRNO_SPIPE, offset: 0n };
  }
}

export class StdinFd extends StdStream {
  constructor(
    readonly reader: GuestStdin | undefined,
    tty: boolean,
  ) {
    super(wasi.RIGHTS_FD_READ, tty);
  }

  fd_read(size: number) {
    return { ret: wasi.ERRNO_SUCCESS, data: this.reader ? this.reader.read(size) : new Uint8Array(0) };
  }
}

export class OutputFd extends StdStream {
  constructor(
    private readonly sink: OutputSink,
    private readonly stream: typeof STREAM_STDOUT | typeof STREAM_STDERR,
    tty: boolean,
  ) {
    super(wasi.RIGHTS_FD_WRITE, tty);
  }

  fd_write(data: Uint8Array) {
    this.sink.write(this.stream, data);
    return { ret: wasi.ERRNO_SUCCESS, nwritten: data.length };
  }
}

/** A `/dev` node: each open gets a fresh descriptor onto the same stream. */
export class DeviceInode extends Inode {
  constructor(private readonly open: () => Fd) {
    super();
  }

  path_open() {
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: this.open() };
  }

  stat() {
    return new wasi.Filestat(this.ino, wasi.FILETYPE_CHARACTER_DEVICE, 0n);
  }
}

/** `/dev/null`: reads see end-of-file, writes vanish. */
export class NullFd extends Fd {
  fd_read() {
    return { ret: wasi.ERRNO_SUCCESS, data: new Uint8Array(0) };
  }

  fd_write(data: Uint8Array) {
    return { ret: wasi.ERRNO_SUCCESS, nwritten: data.length };
  }
}
