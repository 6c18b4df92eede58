/**
 * Every default limit of a run, in one place. The CLI's options, the extension's settings
 * (package.json, checked by test/defaults.test.ts) and the library fall back to these.
 */
import type { ChangedFilesLimits, Limits } from "./api";
import { MiB } from "./wire/units";

export const DEFAULT_LIMITS: Limits = {
  timeMs: 10_000,
  // A cold clang 22 compile of a C++20 program with <bits/stdc++.h> took over 50 s on a
  // shared 2-core machine under load: the limit is for runaway compiles, not slow machines.
  compileTimeMs: 180_000,
  memoryBytes: 512 * MiB,
  outputBytes: 1 * MiB,
  fsBytes: 64 * MiB,
  fsFiles: 10_000,
  openFiles: 256,
};

/** Most of the host copied into the sandbox for a run: a folder of the CLI, the extension's workspace. */
export const DEFAULT_MOUNT = { maxBytes: 50 * MiB, maxFiles: 5000 };

/** Caps on the files a run returns when asked (`runno run --json`/`--files-out`, the library). */
export const DEFAULT_FILE_CAPS: ChangedFilesLimits = { maxFiles: 100, maxFileBytes: 1 * MiB, maxTotalBytes: 8 * MiB };
