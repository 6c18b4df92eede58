/**
 * The in-memory filesystem of one run, on the shim's classes, with the limits the host
 * needs: a byte quota and a file-count quota shared by the whole tree, and copy-on-write
 * for files of the cached base layers, so runs never see each other's writes.
 */
import { Directory, File, type Inode, OpenDirectory, OpenFile, wasi } from "@bjorn3/browser_wasi_shim";

export class Quota {
  /** Files marked written so far (some may since be deleted): what a report looks for. */
  readonly written = new Set<File>();
  /** Called when a descriptor through which a file was changed is closed. */
  onChangedFileClosed: () => void = () => {};

  constructor(
    public bytesLeft: number,
    public filesLeft: number,
  ) {}

  /** Reserve `delta` more bytes (negative frees); false when over the quota. */
  resize(delta: number): boolean {
    if (delta > this.bytesLeft) return false;
    this.bytesLeft -= delta;
    return true;
  }

  takeFile(): boolean {
    if (this.filesLeft <= 0) return false;
    this.filesLeft -= 1;
    return true;
  }
}

/** A file whose bytes may be shared with other runs until its first write. */
export class SandboxFile extends File {
  /** Created or changed by this run: the files a run reports back (`changed-files.ts`). */
  written = false;
  /** Bumped by every change, so that a progress report copies only files changed since the last. */
  version = 0;

  constructor(
    data: Uint8Array,
    readonly quota: Quota,
    private shared: boolean,
  ) {
    super(new ArrayBuffer(0));
    this.data = data;
  }

  /** Make `data` private to this run before changing it. */
  own(): void {
    this.markWritten();
    if (this.shared) {
      this.data = this.data.slice();
      this.shared = false;
    }
  }

  markWritten(): void {
    this.quota.written.add(this);
    this.written = true;
    this.version += 1;
  }

  path_open(oflags: number, fs_rights_base: bigint, fd_flags: number) {
    const file = new SandboxOpenFile(this);
    if ((oflags & wasi.OFLAGS_TRUNC) === wasi.OFLAGS_TRUNC) {
      this.quota.resize(-this.data.length);
      this.data = new Uint8Array(0);
      this.shared = false;
      this.markWritten();
      file.changed = true;
    }
    file.fdflags = fd_flags;
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: file };
  }
}

/** An open file that checks the quota before anything grows. */
export class SandboxOpenFile extends OpenFile {
  declare file: SandboxFile;
  /** The fdflags it was opened with (or set to); with APPEND every write goes to the end. */
  fdflags = 0;
  /** The file was changed through this descriptor: its close is worth reporting. */
  changed = false;

  constructor(file: SandboxFile) {
    super(file);
  }

  /** Grow or shrink the file to `size` within the quota; an errno, or success. */
  private reserve(size: bigint): number {
    const current = this.file.data.length;
    if (size <= BigInt(current)) return wasi.ERRNO_SUCCESS;
    // Checked before the shim allocates anything: a seek to 2 GiB then a write fails here.
    if (!this.file.quota.resize(Number(size) - current)) return wasi.ERRNO_NOSPC;
    return wasi.ERRNO_SUCCESS;
  }

  fd_write(data: Uint8Array) {
    if (this.fdflags & wasi.FDFLAGS_APPEND) this.file_pos = BigInt(this.file.data.length);
    const ret = this.reserve(this.file_pos + BigInt(data.length));
    if (ret !== wasi.ERRNO_SUCCESS) return { ret, nwritten: 0 };
    this.change();
    return super.fd_write(data);
  }

  fd_pwrite(data: Uint8Array, offset: bigint) {
    const ret = this.reserve(offset + BigInt(data.length));
    if (ret !== wasi.ERRNO_SUCCESS) return { ret, nwritten: 0 };
    this.change();
    return super.fd_pwrite(data, offset);
  }

  fd_allocate(offset: bigint, len: bigint): number {
    const ret = this.reserve(offset + len);
    if (ret !== wasi.ERRNO_SUCCESS) return ret;
    this.change();
    return super.fd_allocate(offset, len);
  }

  fd_filestat_set_size(size: bigint): number {
    const current = this.file.data.length;
    if (size > BigInt(current)) {
      const ret = this.reserve(size);
      if (ret !== wasi.ERRNO_SUCCESS) return ret;
    } else {
      this.file.quota.resize(Number(size) - current);
    }
    this.change();
    return super.fd_filestat_set_size(size);
  }

  fd_close(): number {
    if (this.changed) this.file.quota.onChangedFileClosed();
    return super.fd_close();
  }

  private change(): void {
    this.file.own();
    this.changed = true;
  }
}

/** A directory whose new entries are sandbox files and directories, counted against the quota. */
export class SandboxDirectory extends Directory {
  constructor(readonly quota: Quota) {
    super(new Map());
  }

  path_open(_oflags: number, _fs_rights_base: bigint, _fd_flags: number) {
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: new SandboxOpenDirectory(this) };
  }

  create_entry_for_path(path_str: string, is_dir: boolean): { ret: number; entry: Inode | null } {
    const parsed = parseRelativePath(path_str);
    if (typeof parsed === "number") return { ret: parsed, entry: null };
    const name = parsed.pop();
    if (name === undefined) return { ret: wasi.ERRNO_INVAL, entry: null };
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a walk down the tree that starts here, not an alias
    let parent: Inode = this;
    for (const part of parsed) {
      const child: Inode | undefined = parent instanceof Directory ? parent.contents.get(part) : undefined;
      if (child === undefined) return { ret: wasi.ERRNO_NOENT, entry: null };
      parent = child;
    }
    if (!(parent instanceof Directory)) return { ret: wasi.ERRNO_NOTDIR, entry: null };
    if (parent.contents.has(name)) return { ret: wasi.ERRNO_EXIST, entry: null };
    if (!this.quota.takeFile()) return { ret: wasi.ERRNO_NOSPC, entry: null };
    let entry: Inode;
    if (is_dir) {
      const dir = new SandboxDirectory(this.quota);
      setParent(dir, parent);
      entry = dir;
    } else {
      const file = new SandboxFile(new Uint8Array(0), this.quota, false);
      file.markWritten();
      entry = file;
    }
    parent.contents.set(name, entry);
    return { ret: wasi.ERRNO_SUCCESS, entry };
  }
}

/** Path components of a path relative to a directory, as the shim resolves them, or an errno. */
function parseRelativePath(path: string): string[] | number {
  if (path.startsWith("/")) return wasi.ERRNO_NOTCAPABLE;
  if (path.includes("\0")) return wasi.ERRNO_INVAL;
  const parts: string[] = [];
  for (const component of path.split("/")) {
    if (component === "" || component === ".") continue;
    if (component === "..") {
      // Never above the directory the lookup started from.
      if (parts.pop() === undefined) return wasi.ERRNO_NOTCAPABLE;
      continue;
    }
    parts.push(component);
  }
  return parts;
}

function setParent(dir: Directory, parent: Directory): void {
  (dir as unknown as { parent: Directory | null }).parent = parent;
}

/**
 * An open directory that lists its entries in linear time: the shim rebuilds the whole
 * listing for every entry it returns, which made listing the 180-entry Python standard
 * library folder cost about 4 ms of every run.
 */
export class SandboxOpenDirectory extends OpenDirectory {
  /** The entries as they were when the listing started (cookie 0, as rewinddir does). */
  private listing: [string, Inode][] | null = null;

  fd_readdir_single(cookie: bigint) {
    if (cookie < 2n) {
      this.listing = null;
      return super.fd_readdir_single(cookie);
    }
    this.listing ??= [...this.dir.contents];
    const found = this.listing[Number(cookie - 2n)];
    if (found === undefined) return { ret: wasi.ERRNO_SUCCESS, dirent: null };
    const [name, entry] = found;
    return { ret: wasi.ERRNO_SUCCESS, dirent: new wasi.Dirent(cookie + 1n, entry.ino, name, entry.stat().filetype) };
  }
}

/** A preopened directory backed by a sandbox directory (the shim's PreopenDirectory makes a plain one). */
export class SandboxPreopen extends SandboxOpenDirectory {
  constructor(
    private readonly name: string,
    dir: Directory,
  ) {
    super(dir);
  }

  fd_prestat_get() {
    return { ret: wasi.ERRNO_SUCCESS, prestat: wasi.Prestat.dir(this.name) };
  }
}

/** Builds a run's tree from guest paths. */
export class TreeBuilder {
  readonly root: SandboxDirectory;

  constructor(readonly quota: Quota) {
    this.root = new SandboxDirectory(quota);
  }

  dir(path: string): SandboxDirectory {
    let dir = this.root;
    for (const part of splitPath(path)) {
      let child = dir.contents.get(part);
      if (!(child instanceof SandboxDirectory)) {
        const created = new SandboxDirectory(this.quota);
        setParent(created, dir);
        dir.contents.set(part, created);
        child = created;
      }
      dir = child as SandboxDirectory;
    }
    return dir;
  }

  /** Add a file; `shared` bytes are copied on first write. */
  file(path: string, data: Uint8Array, shared: boolean): void {
    const parts = splitPath(path);
    const name = parts.pop();
    if (name === undefined) return;
    this.dir(parts.join("/")).contents.set(name, new SandboxFile(data, this.quota, shared));
  }

  /** The inode at `path`, or undefined. */
  lookup(path: string): Inode | undefined {
    let entry: Inode = this.root;
    for (const part of splitPath(path)) {
      if (!(entry instanceof Directory)) return undefined;
      const child = entry.contents.get(part);
      if (!child) return undefined;
      entry = child;
    }
    return entry;
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((part) => part !== "" && part !== ".");
}
