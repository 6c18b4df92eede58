// The `runno.*` settings, read fresh at each use so changes apply without a reload.
import * as vscode from "vscode";
import type { Limits, RuntimeName } from "../engine/api";
import { MiB } from "../engine/api";

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
      timeMs: positive(config.get<number>("timeLimit"), 10) * 1000,
      memoryBytes: positive(config.get<number>("memoryLimit"), 512) * MiB,
      outputBytes: positive(config.get<number>("outputLimit"), 1) * MiB,
    },
    mountExclude: config.get<string[]>("mount.exclude") ?? [],
    mountMaxBytes: positive(config.get<number>("mount.maxSize"), 50) * MiB,
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
