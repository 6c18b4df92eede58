// The WASI layer's rules, with small wasm programs written here: every guest pointer is
// checked (EFAULT, nothing written), imports must have WASI's types, the descriptor table
// behaves as specified, and guest names are shown escaped.
import assert from "node:assert/strict";
import type { FileMap, RunResult } from "../src/engine/api";
import { createEngine, text } from "./helpers";
import { u32s, wasiProgram, type ProgramSpec } from "./wasm-builder";

const SUCCESS = 0;
const BADF = 8;
const FAULT = 21;
const ILSEQ = 25;
const PAGE = 65536;
/** The last 4 bytes of a one-page memory, and an address just past it. */
const EDGE = PAGE - 4;
const PAST = PAGE;
const HUGE = 0xfffffff0;

describe("WASI layer", function () {
  this.timeout(60_000);
  const engine = createEngine(1);
  after(() => engine.dispose());

  async function run(spec: ProgramSpec, files: FileMap = new Map()): Promise<RunResult> {
    const wasm = wasiProgram(spec);
    return engine.run({
      runtime: "wasi",
      entry: "/p.wasm",
      cwd: "/",
      files,
      compiled: { runtime: "wasi", wasm, diagnostics: new Uint8Array(0) },
    });
  }

  /** Runs the steps and asserts that every one returned what it expected. */
  async function expectSteps(spec: ProgramSpec, files?: FileMap): Promise<RunResult> {
    const result = await run(spec, files);
    assert.equal(result.status, "exited", JSON.stringify(result.status === "crashed" ? result.message : result.status));
    const code = result.status === "exited" ? result.exitCode : -1;
    assert.equal(
      code,
      0,
      code >= 100 ? `step ${code - 100} went wrong: ${JSON.stringify(spec.steps[code - 100])}` : `exit ${code}`,
    );
    return result;
  }

  describe("guest pointers", () => {
    // Address 0 holds an iovec naming the 5 bytes at 16 ("hello"); 32 one naming bytes past memory.
    const data = [
      { offset: 0, bytes: u32s(16, 5) },
      { offset: 16, bytes: [...Buffer.from("hello")] },
      { offset: 32, bytes: u32s(EDGE, 8) },
      { offset: 40, bytes: u32s(HUGE, 0x20) },
      { offset: 48, bytes: u32s(EDGE, 4) },
      { offset: EDGE, bytes: u32s(0x11223344) },
    ];
    const f = (call: string, ...args: number[]) => ({ call, args, errno: FAULT });

    it("fd_write and fd_read: an iovec array or a buffer outside memory is EFAULT, and nothing is written", async () => {
      const result = await expectSteps({
        data,
        steps: [
          f("fd_write", 1, PAST, 1, 64), // the iovec array itself
          f("fd_write", 1, EDGE, 1, 64), // the array runs past the end
          f("fd_write", 1, 0, 0x20000000, 64), // a count whose byte size wraps
          f("fd_write", 1, 32, 1, 64), // a buffer that runs past the end
          f("fd_write", 1, 40, 1, 64), // a buffer whose end wraps around 2^32
          f("fd_write", 1, 0, 1, EDGE + 1), // the count written
          f("fd_write", 1, 0, 1, -1),
          f("fd_read", 0, 32, 1, 64),
          f("fd_read", 0, 0, 1, PAST),
          f("fd_pread", 3, 32, 1, 0, 64),
          f("fd_pwrite", 3, 32, 1, 0, 64),
          f("sock_recv", 3, 32, 1, 0, 64, 68),
          f("sock_send", 3, 32, 1, 0, 64),
          { load: EDGE, equals: 0x11223344 },
          // Up to the last byte is inside: "hello", then the 4 bytes at the edge.
          { call: "fd_write", args: [1, 0, 1, 64], errno: SUCCESS },
          { load: 64, equals: 5 },
          { call: "fd_write", args: [1, 48, 1, EDGE], errno: SUCCESS },
          { load: EDGE, equals: 4 },
        ],
      });
      assert.deepEqual([...result.stdout], [...Buffer.from("hello"), 0x44, 0x33, 0x22, 0x11]);
    });

    it("arguments, environment, clocks and random: out-pointers outside memory are EFAULT", async () => {
      await expectSteps({
        data,
        steps: [
          f("args_sizes_get", PAST, 64),
          f("args_sizes_get", 64, EDGE + 1),
          f("environ_sizes_get", 64, HUGE),
          f("args_get", PAST, 64), // argv[0] does not fit
          f("args_get", 64, EDGE + 2), // its text does not fit
          f("clock_time_get", 0, 0, EDGE),
          f("clock_res_get", 1, PAST),
          f("random_get", EDGE, 8),
          f("random_get", HUGE, 0x20),
          { load: EDGE, equals: 0x11223344 },
          { call: "random_get", args: [EDGE, 4], errno: SUCCESS },
          { call: "clock_time_get", args: [0, 0, PAGE - 8], errno: SUCCESS },
        ],
      });
    });

    it("descriptor calls: out-pointers and buffers outside memory are EFAULT", async () => {
      await expectSteps({
        data,
        steps: [
          f("fd_fdstat_get", 1, PAGE - 23),
          f("fd_filestat_get", 1, PAGE - 63),
          f("fd_prestat_get", 3, EDGE),
          f("fd_prestat_dir_name", 3, EDGE, 8),
          f("fd_readdir", 3, EDGE, 100, 0, 64),
          f("fd_readdir", 3, 64, 100, 0, PAST),
          f("fd_seek", 3, 0, 0, EDGE),
          f("fd_tell", 3, HUGE),
          f("sock_accept", 3, 0, PAST),
          f("poll_oneoff", EDGE, 64, 1, 128), // a subscription is 48 bytes
          f("poll_oneoff", 64, EDGE, 1, 128), // an event is 32
          f("poll_oneoff", 0, 64, 0x10000000, 128),
          f("poll_oneoff", 64, 512, 1, PAST),
          { load: EDGE, equals: 0x11223344 },
        ],
      });
    });

    it("path calls: strings, buffers and out-pointers outside memory are EFAULT; a path that is not UTF-8 is EILSEQ", async () => {
      const badUtf8 = { offset: 200, bytes: [0x66, 0xff, 0xfe] };
      await expectSteps({
        data: [...data, badUtf8],
        steps: [
          f("path_open", 3, 0, EDGE, 8, 0, 0, 0, 0, 64),
          f("path_open", 3, 0, 16, 5, 0, 0, 0, 0, PAST),
          f("path_filestat_get", 3, 0, HUGE, 0x20, 64),
          f("path_filestat_get", 3, 0, 16, 1, PAGE - 60),
          f("path_filestat_set_times", 3, 0, EDGE, 5, 0, 0, 0),
          f("path_create_directory", 3, PAST, 1),
          f("path_remove_directory", 3, EDGE, 5),
          f("path_unlink_file", 3, EDGE, 5),
          f("path_rename", 3, 16, 5, 3, EDGE, 5),
          f("path_link", 3, 0, 16, 5, 3, HUGE, 0x20),
          f("path_symlink", EDGE, 5, 3, 16, 5),
          f("path_readlink", 3, 16, 5, EDGE, 8, 64),
          f("path_readlink", 3, 16, 5, 64, 8, PAST),
          { load: EDGE, equals: 0x11223344 },
          { call: "path_create_directory", args: [3, 200, 3], errno: ILSEQ },
          { call: "path_open", args: [3, 0, 200, 3, 1, 0, 0, 0, 64], errno: ILSEQ },
        ],
      });
    });
  });

  describe("import types", () => {
    it("refuses a module that imports a WASI function with another type, in one line, as wasmtime does", async () => {
      const result = await run({
        steps: [],
        extraImports: [{ name: "fd_write", type: { params: ["i32"], results: ["i32"] } }],
      });
      assert.equal(result.status, "crashed");
      const message = result.status === "crashed" ? result.message : "";
      assert.match(
        message,
        /incompatible import type for `wasi_snapshot_preview1::fd_write`: expected a function of type \(i32, i32, i32, i32\) -> \(i32\), found \(i32\) -> \(i32\)/,
      );
      assert.doesNotMatch(message, /\n/);
    });

    it("refuses a wrong result type and a wasi_unstable import alike", async () => {
      for (const extra of [
        { name: "sched_yield", type: { params: [], results: [] } },
        { module: "wasi_unstable", name: "clock_time_get", type: { params: ["i32", "i32", "i32"], results: ["i32"] } },
      ] as const) {
        const result = await run({
          steps: [],
          extraImports: [{ ...extra, type: { params: [...extra.type.params], results: [...extra.type.results] } }],
        });
        assert.equal(result.status, "crashed");
        assert.match(
          result.status === "crashed" ? result.message : "",
          new RegExp(`incompatible import type for \`${extra.module ?? "wasi_snapshot_preview1"}::${extra.name}\``),
        );
      }
    });

    it("runs a module whose imports all have WASI's types", async () => {
      await expectSteps({ steps: [{ call: "sched_yield", args: [], errno: SUCCESS }] });
    });
  });

  describe("descriptor table", () => {
    // fd 3 is the preopen "." and fd 4 the preopen "/"; both name "/" here.
    const files: FileMap = new Map(
      ["a", "bb", "ccc", "dddd"].map((content) => [`/${content[0]}`, Buffer.from(content)]),
    );
    const path = (offset: number, text: string) => ({ offset, bytes: [...Buffer.from(text)] });
    const data = [path(100, "a"), path(101, "b"), path(102, "c"), path(103, "d")];
    const open = (at: number, fd: number) => [
      { call: "path_open", args: [3, 0, at, 1, 0, 0, 0, 0, 64], errno: SUCCESS },
      { load: 64, equals: fd },
    ];
    /** fd_filestat_get and the size it reports (a file's size tells which file it is). */
    const sizeOf = (fd: number, size: number) => [
      { call: "fd_filestat_get", args: [fd, 256], errno: SUCCESS },
      { load: 256 + 32, equals: size },
    ];

    it("fd_renumber onto itself changes nothing; onto a preopen it replaces it; from or to a closed fd is EBADF", async () => {
      await expectSteps(
        {
          data: [...data, path(300, "")],
          steps: [
            { call: "fd_renumber", args: [3, 3], errno: SUCCESS },
            { call: "fd_prestat_get", args: [3, 64], errno: SUCCESS },
            ...open(100, 5),
            { call: "fd_renumber", args: [5, 4], errno: SUCCESS },
            { call: "fd_prestat_get", args: [4, 64], errno: BADF }, // now the file: not a preopen, as in wasmtime
            ...sizeOf(4, 1),
            { call: "fd_fdstat_get", args: [5, 64], errno: BADF },
            { call: "fd_renumber", args: [5, 3], errno: BADF },
            { call: "fd_renumber", args: [3, 9], errno: BADF },
            { call: "fd_renumber", args: [3, -1], errno: BADF },
            { call: "fd_prestat_get", args: [3, 64], errno: SUCCESS },
          ],
        },
        files,
      );
    });

    it("closing in the middle and opening again reuses the lowest number and leaves the others alone", async () => {
      await expectSteps(
        {
          data,
          steps: [
            ...open(100, 5),
            ...open(101, 6),
            ...open(102, 7),
            { call: "fd_close", args: [6], errno: SUCCESS },
            { call: "fd_close", args: [6], errno: BADF },
            ...open(103, 6),
            ...sizeOf(5, 1),
            ...sizeOf(6, 4),
            ...sizeOf(7, 3),
            { call: "fd_close", args: [7], errno: SUCCESS },
            ...open(102, 7),
            ...sizeOf(7, 3),
          ],
        },
        files,
      );
    });

    it("stdio and preopens can be closed; their numbers then are EBADF and the rest of the table stays", async () => {
      const result = await expectSteps({
        data: [...data, { offset: 0, bytes: u32s(16, 2) }, path(16, "ok")],
        steps: [
          { call: "fd_close", args: [2], errno: SUCCESS },
          { call: "fd_close", args: [2], errno: BADF },
          { call: "fd_write", args: [2, 0, 1, 64], errno: BADF },
          { call: "fd_close", args: [3], errno: SUCCESS },
          { call: "fd_prestat_get", args: [3, 64], errno: BADF },
          { call: "fd_prestat_get", args: [4, 64], errno: SUCCESS },
          { call: "fd_write", args: [1, 0, 1, 64], errno: SUCCESS },
          { call: "fd_close", args: [99], errno: BADF },
          { call: "fd_close", args: [-1], errno: BADF },
        ],
      });
      assert.equal(text(result.stdout), "ok");
    });
  });

  describe("symbolic links", () => {
    const LOOP = 32;
    const NOTCAPABLE = 76;
    const EXIST = 20;
    const SYMLINK_FOLLOW = 1;
    const text = (offset: number, value: string) => ({ offset, bytes: [...Buffer.from(value)] });

    it("are created, read back, followed when asked, and bounded", async () => {
      await expectSteps(
        {
          data: [text(100, "a"), text(110, "l"), text(120, "x"), text(130, "/a"), text(140, "m")],
          steps: [
            { call: "path_symlink", args: [100, 1, 3, 110, 1], errno: SUCCESS }, // l -> a
            { call: "path_symlink", args: [100, 1, 3, 110, 1], errno: EXIST },
            { call: "path_readlink", args: [3, 110, 1, 200, 16, 64], errno: SUCCESS },
            { load: 64, equals: 1 },
            { load: 200, equals: 0x61 }, // "a" (then zeroes)
            { call: "path_readlink", args: [3, 100, 1, 200, 16, 64], errno: 28 }, // not a link: EINVAL
            // Followed: the file "a" (1 byte); not followed: the link itself (ELOOP).
            { call: "path_open", args: [3, SYMLINK_FOLLOW, 110, 1, 0, 0, 0, 0, 64], errno: SUCCESS },
            { call: "fd_filestat_get", args: [5, 256], errno: SUCCESS },
            { load: 256 + 32, equals: 1 },
            { call: "path_open", args: [3, 0, 110, 1, 0, 0, 0, 0, 64], errno: LOOP },
            { call: "path_filestat_get", args: [3, 0, 110, 1, 256], errno: SUCCESS },
            { load: 256 + 16, equals: 7 }, // FILETYPE_SYMBOLIC_LINK
            // x -> x never resolves; an absolute target cannot be followed out of the preopen.
            { call: "path_symlink", args: [120, 1, 3, 120, 1], errno: SUCCESS },
            { call: "path_open", args: [3, SYMLINK_FOLLOW, 120, 1, 0, 0, 0, 0, 64], errno: LOOP },
            { call: "path_symlink", args: [130, 2, 3, 140, 1], errno: NOTCAPABLE },
            { call: "path_unlink_file", args: [3, 110, 1], errno: SUCCESS },
            { call: "path_filestat_get", args: [3, 0, 100, 1, 256], errno: SUCCESS }, // "a" is still there
          ],
        },
        new Map([["/a", Buffer.from("x")]]),
      );
    });
  });

  describe("guest text", () => {
    it("escapes control characters of an import's name in the message", async () => {
      const evil = "evil\x1b[31m\nrunno: forged line\u202e";
      const result = await run({
        steps: [],
        extraImports: [{ module: "env", name: evil, type: { params: [], results: [] } }],
      });
      assert.equal(result.status, "crashed");
      const message = result.status === "crashed" ? result.message : "";
      assert.ok(message.includes("env.evil\\x1b[31m\\x0arunno: forged line\\u202e"), message);
      assert.doesNotMatch(message, /[\x00-\x1f\u202e]/);
    });

    it("escapes a program's file name in its messages", async () => {
      const result = await engine.run({
        runtime: "wasi",
        entry: "/bad\x1b]0;title\x07.wasm",
        files: new Map([["/bad\x1b]0;title\x07.wasm", Buffer.from("nope")]]),
      });
      assert.equal(result.status, "crashed");
      const message = result.status === "crashed" ? result.message : "";
      assert.ok(message.includes("/bad\\x1b]0;title\\x07.wasm"), message);
      assert.doesNotMatch(message, /[\x00-\x1f]/);
    });
  });
});
