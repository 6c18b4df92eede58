/**
 * The shape of every WASI preview1 function, written once: its wasm type (checked against
 * a module's imports before it runs) and which arguments are guest pointers, with the size
 * of what they point at (checked against guest memory before every call). The legacy
 * `wasi_unstable` namespace has the same types; only two records are larger there.
 */

/**
 * One parameter as the guest passes it. `str`, `buf` and `iovs` take two i32s (a pointer
 * and a length or count); `out:N` is a pointer to N bytes the call writes or reads.
 */
export type Param =
  | "fd"
  | "i32"
  | "u64"
  | "s64"
  | "str"
  | "buf"
  | "iovs"
  | `out:${number}`
  | "filestat"
  | "subscriptions"
  | "events"
  | "argv"
  | "argv_buf"
  | "environ"
  | "environ_buf";

export interface FunctionShape {
  params: Param[];
  /** `proc_exit` returns nothing; everything else an errno. */
  returns: boolean;
}

const fn = (spec: string, returns = true): FunctionShape => ({
  params: spec ? (spec.split(" ") as Param[]) : [],
  returns,
});

// The argument names of the witx files, in order: `poll_oneoff(in, out, nsubscriptions, nevents)`
// is "subscriptions events i32 out:4": the two arrays are sized by the count that follows.
export const PREVIEW1: Readonly<Record<string, FunctionShape>> = {
  args_get: fn("argv argv_buf"),
  args_sizes_get: fn("out:4 out:4"),
  environ_get: fn("environ environ_buf"),
  environ_sizes_get: fn("out:4 out:4"),
  clock_res_get: fn("i32 out:8"),
  clock_time_get: fn("i32 u64 out:8"),
  fd_advise: fn("fd u64 u64 i32"),
  fd_allocate: fn("fd u64 u64"),
  fd_close: fn("fd"),
  fd_datasync: fn("fd"),
  fd_fdstat_get: fn("fd out:24"),
  fd_fdstat_set_flags: fn("fd i32"),
  fd_fdstat_set_rights: fn("fd u64 u64"),
  fd_filestat_get: fn("fd filestat"),
  fd_filestat_set_size: fn("fd u64"),
  fd_filestat_set_times: fn("fd u64 u64 i32"),
  fd_pread: fn("fd iovs u64 out:4"),
  fd_prestat_get: fn("fd out:8"),
  fd_prestat_dir_name: fn("fd buf"),
  fd_pwrite: fn("fd iovs u64 out:4"),
  fd_read: fn("fd iovs out:4"),
  fd_readdir: fn("fd buf u64 out:4"),
  fd_renumber: fn("fd fd"),
  fd_seek: fn("fd s64 i32 out:8"),
  fd_sync: fn("fd"),
  fd_tell: fn("fd out:8"),
  fd_write: fn("fd iovs out:4"),
  path_create_directory: fn("fd str"),
  path_filestat_get: fn("fd i32 str filestat"),
  path_filestat_set_times: fn("fd i32 str u64 u64 i32"),
  path_link: fn("fd i32 str fd str"),
  path_open: fn("fd i32 str i32 u64 u64 i32 out:4"),
  path_readlink: fn("fd str buf out:4"),
  path_remove_directory: fn("fd str"),
  path_rename: fn("fd str fd str"),
  path_symlink: fn("str fd str"),
  path_unlink_file: fn("fd str"),
  poll_oneoff: fn("subscriptions events i32 out:4"),
  proc_exit: fn("i32", false),
  proc_raise: fn("i32"),
  sched_yield: fn(""),
  random_get: fn("buf"),
  sock_accept: fn("fd i32 out:4"),
  sock_recv: fn("fd iovs i32 out:4 out:2"),
  sock_send: fn("fd iovs i32 out:4"),
  sock_shutdown: fn("fd i32"),
};

export const WASI_MODULES = ["wasi_snapshot_preview1", "wasi_unstable"] as const;
export type WasiModule = (typeof WASI_MODULES)[number];

/** Bytes of the records whose size differs between the two namespaces. */
export const RECORD_BYTES: Record<WasiModule, { filestat: number; subscription: number; event: number }> = {
  wasi_snapshot_preview1: { filestat: 64, subscription: 48, event: 32 },
  // snapshot 0: `nlink` was a u32 and a clock subscription had an extra u64 identifier.
  wasi_unstable: { filestat: 56, subscription: 56, event: 32 },
};

export type ValueType = "i32" | "i64";

/** The wasm function type of a shape, as the guest must import it. */
export function wasmType(shape: FunctionShape): { params: ValueType[]; results: ValueType[] } {
  const params: ValueType[] = [];
  for (const param of shape.params) {
    if (param === "u64" || param === "s64") params.push("i64");
    else if (param === "str" || param === "buf" || param === "iovs") params.push("i32", "i32");
    else params.push("i32");
  }
  return { params, results: shape.returns ? ["i32"] : [] };
}

export function formatType(type: { params: string[]; results: string[] }): string {
  return `(${type.params.join(", ")}) -> (${type.results.join(", ")})`;
}
