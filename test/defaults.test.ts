// One home per default (src/engine/defaults.ts): the extension's settings and the CLI's help say the same numbers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_LIMITS, DEFAULT_MOUNT, formatBytes, MiB } from "../src/engine";
import { USAGE } from "../src/cli/usage";
import { REPO } from "./helpers";

interface Setting {
  default: unknown;
  markdownDescription: string;
}

const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
const settings: Record<string, Setting> = manifest.contributes.configuration.properties;

describe("defaults", () => {
  it("package.json's runno.* setting defaults are the engine's defaults, in the settings' units", () => {
    assert.deepEqual(
      {
        timeLimit: settings["runno.timeLimit"].default,
        memoryLimit: settings["runno.memoryLimit"].default,
        outputLimit: settings["runno.outputLimit"].default,
        "mount.maxSize": settings["runno.mount.maxSize"].default,
      },
      {
        timeLimit: DEFAULT_LIMITS.timeMs / 1000,
        memoryLimit: DEFAULT_LIMITS.memoryBytes / MiB,
        outputLimit: DEFAULT_LIMITS.outputBytes / MiB,
        "mount.maxSize": DEFAULT_MOUNT.maxBytes / MiB,
      },
    );
  });

  it("the time limit setting's description states the compile limit of the engine", () => {
    assert.match(
      settings["runno.timeLimit"].markdownDescription,
      new RegExp(` ${DEFAULT_LIMITS.compileTimeMs / 1000} s`),
    );
  });

  it("runno --help states the engine's time and memory defaults", () => {
    assert.match(
      USAGE,
      new RegExp(`--timeout SECONDS +wall-clock limit \\(default ${DEFAULT_LIMITS.timeMs / 1000}\\)`),
    );
    assert.match(
      USAGE,
      new RegExp(`--memory MIB +wasm memory limit \\(default ${DEFAULT_LIMITS.memoryBytes / MiB}\\)`),
    );
  });
});

describe("formatBytes", () => {
  it("writes whole and fractional MiB and KiB, and small sizes in bytes", () => {
    assert.deepEqual([512 * MiB, 1.5 * MiB, 1088 * 1024, 256 * 1024, 1536, 1023, 0].map(formatBytes), [
      "512 MiB",
      "1.5 MiB",
      "1.1 MiB",
      "256 KiB",
      "1.5 KiB",
      "1023 bytes",
      "0 bytes",
    ]);
  });
});
