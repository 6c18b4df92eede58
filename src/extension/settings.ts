// The `runno.*` settings, read fresh at each use so changes apply without a reload.
import * as vscode from "vscode";
import { type Limits, type RuntimeName, DEFAULT_LIMITS, DEFAULT_MOUNT, MiB } from "../engine";

export interface RunnoSettings {
  limits: Partial<Limits>;
  mountExclude: string[];
  mountMaxBytes: number;
  runtimes: Record<string, RuntimeName>;
  clearTerminal: boolean;
  /** `-std=` per compiled runtime; absent: the runtime's default. */
  standards: Partial<Record<RuntimeName, string>>;
}

export function readSettings(scope?: vscode.Uri): RunnoSettings {
  const config = vscode.workspace.getConfiguration("runno", scope);
  return {
    limits: {
      timeMs: positive(config.get<number>("timeLimit"), DEFAULT_LIMITS.timeMs / 1000) * 1000,
      memoryBytes: positive(config.get<number>("memoryLimit"), DEFAULT_LIMITS.memoryBytes / MiB) * MiB,
      outputBytes: positive(config.get<number>("outputLimit"), DEFAULT_LIMITS.outputBytes / MiB) * MiB,
    },
    mountExclude: config.get<string[]>("mount.exclude") ?? [],
    mountMaxBytes: positive(config.get<number>("mount.maxSize"), DEFAULT_MOUNT.maxBytes / MiB) * MiB,
    runtimes: config.get<Record<string, RuntimeName>>("runtimes") ?? {},
    clearTerminal: config.get<boolean>("clearTerminal") ?? false,
    standards: {
      clang: config.get<string>("c.standard") || undefined,
      clangpp: config.get<string>("cpp.standard") || undefined,
    },
  };
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}
