/**
 * The engine's public entry: what the runner, the front ends (CLI, extension, MCP server,
 * agent tools) and library users may use. The platforms are entries of their own
 * (`platform/node.ts`, `platform/web.ts`), picked where a program starts, so that a
 * browser bundle never sees Node's modules.
 */
export type * from "./api";
export type { Platform } from "./platform/types";
export { SandboxEngine, type EngineOptions } from "./host";
export { DEFAULT_FILE_CAPS, DEFAULT_LIMITS, DEFAULT_MOUNT } from "./defaults";
export { formatBytes, KiB, MiB } from "./wire/units";
export { describeOutcome, formatSeconds } from "./describe";
export { escapeGuestText } from "./wire/guest-text";
export { MemoryCompileCache, type CachedProgram, type CompileCache } from "./compile-cache";
export { concatBytes } from "./wire/bytes";
// The runner feeds a file into stdin in pieces of the size the engine hands a waiting program.
export { STDIN_CHUNK } from "./wire/stdin-channel";
