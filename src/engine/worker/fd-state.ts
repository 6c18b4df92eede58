/**
 * What WASI keeps per descriptor and per file that the shim does not: rights (reported by
 * `fd_fdstat_get`, reads and writes refused by the open mode, as wasmtime does), and the
 * three timestamps of each inode of the run.
 */
import { type Fd, type Inode, OpenDirectory, OpenFile, wasi } from "@bjorn3/browser_wasi_shim";

const R = (bit: number) => 1n << BigInt(bit);
export const RIGHTS = {
  FD_DATASYNC: R(0),
  FD_READ: R(1),
  FD_SEEK: R(2),
  FD_TELL: R(5),
  FD_WRITE: R(6),
  FD_ADVISE: R(7),
  FD_ALLOCATE: R(8),
  FD_READDIR: R(14),
  PATH_FILESTAT_SET_SIZE: R(19),
  FD_FILESTAT_SET_SIZE: R(22),
};
export const ALL_RIGHTS = 0x1fffffffn;
/** Path rights (bits 9-13, 15-20, 24-26) and readdir: a directory's, never a file's. */
const PATH_RIGHTS = 0x7000000n | 0x1f8000n | 0x3e00n | RIGHTS.FD_READDIR;
/** As wasi-libc's `open` asks for them: O_RDONLY's rights and O_WRONLY's. */
export const READ_RIGHTS = RIGHTS.FD_READ | RIGHTS.FD_READDIR;
export const WRITE_RIGHTS = RIGHTS.FD_DATASYNC | RIGHTS.FD_WRITE | RIGHTS.FD_ALLOCATE | RIGHTS.FD_FILESTAT_SET_SIZE;
// A directory cannot be read, written, seeked or sized as a file can.
const DIRECTORY_RIGHTS =
  ALL_RIGHTS &
  ~(
    RIGHTS.FD_READ |
    RIGHTS.FD_WRITE |
    RIGHTS.FD_SEEK |
    RIGHTS.FD_TELL |
    RIGHTS.FD_ADVISE |
    RIGHTS.FD_ALLOCATE |
    RIGHTS.FD_FILESTAT_SET_SIZE
  );
const FILE_RIGHTS = ALL_RIGHTS & ~PATH_RIGHTS;

export interface Rights {
  base: bigint;
  inheriting: bigint;
}

export class FdRights {
  private readonly rights = new WeakMap<Fd, Rights>();

  /** Rights of a file opened asking for `requested`: what its open mode allows, as wasmtime reports. */
  opened(fd: Fd, requested: bigint): void {
    if (!(fd instanceof OpenFile)) return;
    const write = (requested & WRITE_RIGHTS) !== 0n;
    // Asking for neither is a read-only open (O_RDONLY is 0).
    const read = (requested & READ_RIGHTS) !== 0n || !write;
    let base = FILE_RIGHTS;
    if (!read) base &= ~READ_RIGHTS;
    if (!write) base &= ~WRITE_RIGHTS;
    this.rights.set(fd, { base, inheriting: base });
  }

  get(fd: Fd): Rights | undefined {
    const rights = this.rights.get(fd);
    if (rights) return rights;
    if (fd instanceof OpenDirectory) return { base: DIRECTORY_RIGHTS, inheriting: ALL_RIGHTS };
    if (fd instanceof OpenFile) return { base: FILE_RIGHTS, inheriting: FILE_RIGHTS };
    return undefined;
  }

  /** Rights may only be dropped, never gained. */
  set(fd: Fd, base: bigint, inheriting: bigint): number {
    const current = this.get(fd);
    if (!current) return wasi.ERRNO_BADF;
    if ((base & ~current.base) !== 0n || (inheriting & ~current.inheriting) !== 0n) return wasi.ERRNO_NOTCAPABLE;
    this.rights.set(fd, { base, inheriting });
    return wasi.ERRNO_SUCCESS;
  }

  allows(fd: Fd, right: bigint): boolean {
    const rights = this.get(fd);
    return !rights || (rights.base & right) !== 0n;
  }
}

export interface Times {
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

export const nowNs = () => BigInt(Date.now()) * 1_000_000n;

/** Timestamps by inode number; a file that existed when the run started has the start time. */
export class InodeTimes {
  private readonly times = new Map<bigint, Times>();
  private readonly start = nowNs();

  get(ino: bigint): Times {
    let times = this.times.get(ino);
    if (!times) {
      times = { atim: this.start, mtim: this.start, ctim: this.start };
      this.times.set(ino, times);
    }
    return times;
  }

  /** Contents changed. */
  modified(ino: bigint): void {
    const times = this.get(ino);
    times.mtim = times.ctim = nowNs();
  }

  /** Fresh times for a new inode (or one whose number is new to this run). */
  created(ino: bigint): void {
    const now = nowNs();
    this.times.set(ino, { atim: now, mtim: now, ctim: now });
  }

  /**
   * `fd_filestat_set_times` / `path_filestat_set_times`: a time and its `_NOW` flag together
   * are EINVAL, as in wasmtime.
   */
  set(ino: bigint, atim: bigint, mtim: bigint, flags: number): number {
    if (flags & wasi.FSTFLAGS_ATIM && flags & wasi.FSTFLAGS_ATIM_NOW) return wasi.ERRNO_INVAL;
    if (flags & wasi.FSTFLAGS_MTIM && flags & wasi.FSTFLAGS_MTIM_NOW) return wasi.ERRNO_INVAL;
    const times = this.get(ino);
    const now = nowNs();
    if (flags & wasi.FSTFLAGS_ATIM) times.atim = atim;
    if (flags & wasi.FSTFLAGS_ATIM_NOW) times.atim = now;
    if (flags & wasi.FSTFLAGS_MTIM) times.mtim = mtim;
    if (flags & wasi.FSTFLAGS_MTIM_NOW) times.mtim = now;
    times.ctim = now;
    return wasi.ERRNO_SUCCESS;
  }
}

/** The inode number behind a descriptor, when it has one. */
export function inoOf(fd: Fd): bigint | undefined {
  if (fd instanceof OpenFile) return (fd.file as Inode).ino;
  if (fd instanceof OpenDirectory) return (fd.dir as Inode).ino;
  return undefined;
}
