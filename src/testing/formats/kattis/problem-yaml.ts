/**
 * `problem.yaml` of a Kattis / ICPC problem package, in both versions people have: the
 * legacy format (no `problem_format_version`, or `legacy` / `legacy-icpc`) and 2025-09.
 * Unknown keys are errors, as both specifications say. Only what judging needs is kept.
 */
import type { TestFileProblem } from "../../model";
import { isRecord, YamlConfig, type KeyPath } from "../yaml-config";

export type FormatVersion = "legacy" | "2025-09";

export interface ProblemConfig {
  version: FormatVersion;
  /** The problem's name (the first one when given per language); undefined when absent. */
  name?: string;
  /** 2025-09 `limits.time_limit`, in seconds. */
  timeLimitS?: number;
  /** MiB of memory and of output a submission may use. */
  memoryMib?: number;
  outputMib?: number;
  /** A custom output validator decides (legacy `validation: custom`; 2025-09: whenever `output_validator/` exists). */
  customValidation: boolean;
  /** Legacy `validator_flags`, split on whitespace: arguments of the (default or custom) output validator. */
  validatorArgs: string[];
}

const LEGACY_KEYS = [
  "problem_format_version",
  "type",
  "name",
  "uuid",
  "author",
  "source",
  "source_url",
  "license",
  "rights_owner",
  "limits",
  "validation",
  "validator_flags",
  "grading",
  "keywords",
] as const;
const LEGACY_LIMITS = [
  "time_multiplier",
  "time_safety_margin",
  "memory",
  "output",
  "code",
  "compilation_time",
  "compilation_memory",
  "validation_time",
  "validation_memory",
  "validation_output",
] as const;
const CURRENT_KEYS = [
  "problem_format_version",
  "type",
  "name",
  "uuid",
  "version",
  "credits",
  "source",
  "license",
  "rights_owner",
  "embargo_until",
  "limits",
  "keywords",
  "languages",
  "allow_file_writing",
  "constants",
] as const;
const CURRENT_LIMITS = [
  "time_multipliers",
  "time_limit",
  "time_resolution",
  "memory",
  "output",
  "code",
  "compilation_time",
  "compilation_memory",
  "validation_time",
  "validation_memory",
  "validation_output",
  "validation_passes",
] as const;
const CURRENT_TYPES = ["pass-fail", "scoring", "multi-pass", "interactive", "submit-answer"];
/** Problem types a judge runs as a program reading stdin and writing stdout, checked afterwards. */
const RUNNABLE_TYPES = ["pass-fail", "scoring"];

export type ProblemYamlResult = { ok: true; config: ProblemConfig } | { ok: false; problems: TestFileProblem[] };

/** `text` is undefined when the package has no problem.yaml: a legacy package with every default. */
export function parseProblemYaml(path: string, text: string | undefined): ProblemYamlResult {
  if (text === undefined)
    return { ok: true, config: { version: "legacy", customValidation: false, validatorArgs: [] } };
  const yaml = YamlConfig.parse(path, text);
  if (yaml.problems.length > 0) return { ok: false, problems: yaml.problems };
  const data = yaml.data ?? {};
  if (!isRecord(data)) {
    yaml.problem([], "problem.yaml must be a mapping of keys such as name and limits");
    return { ok: false, problems: yaml.problems };
  }
  const reader = new Reader(yaml);
  const version = reader.version(data.problem_format_version);
  if (!version) return { ok: false, problems: yaml.problems };
  const config = version === "legacy" ? reader.legacy(data) : reader.current(data);
  return yaml.problems.length > 0 ? { ok: false, problems: yaml.problems } : { ok: true, config };
}

class Reader {
  constructor(private readonly yaml: YamlConfig) {}

  version(value: unknown): FormatVersion | undefined {
    if (value === undefined || value === "legacy" || value === "legacy-icpc") return "legacy";
    if (value === "2025-09") return "2025-09";
    this.yaml.problem(
      ["problem_format_version"],
      `problem_format_version "${String(value)}" is not supported: runno reads legacy (no version, legacy, legacy-icpc) and 2025-09 packages`,
    );
    return undefined;
  }

  legacy(data: Record<string, unknown>): ProblemConfig {
    this.yaml.unknownKeys(data, [], LEGACY_KEYS, "problem.yaml (legacy format)");
    if (data.type !== undefined && data.type !== "pass-fail" && data.type !== "scoring") {
      this.yaml.problem(["type"], `type is pass-fail or scoring, not "${String(data.type)}"`);
    }
    const limits = this.limits(data.limits, LEGACY_LIMITS);
    let customValidation = false;
    if (data.validation !== undefined) {
      const words = typeof data.validation === "string" ? data.validation.trim().split(/\s+/) : [];
      if (words[0] === "default" && words.length === 1) customValidation = false;
      else if (words[0] === "custom" && words.slice(1).every((w) => w === "score" || w === "interactive")) {
        customValidation = true;
        if (words.includes("interactive"))
          this.yaml.problem(
            ["validation"],
            "interactive problems are not supported: runno runs a program on an input and checks its output afterwards",
          );
      } else
        this.yaml.problem(
          ["validation"],
          `validation is "default" or "custom" (optionally followed by "score"), not "${String(data.validation)}"`,
        );
    }
    if (data.validator_flags !== undefined && typeof data.validator_flags !== "string") {
      this.yaml.problem(
        ["validator_flags"],
        'validator_flags is a string of space-separated flags, e.g. "float_tolerance 1e-6"',
      );
    }
    return {
      version: "legacy",
      name: this.name(data.name),
      memoryMib: this.positive(limits, ["limits", "memory"]),
      outputMib: this.positive(limits, ["limits", "output"]),
      customValidation,
      validatorArgs:
        typeof data.validator_flags === "string" ? data.validator_flags.trim().split(/\s+/).filter(Boolean) : [],
    };
  }

  current(data: Record<string, unknown>): ProblemConfig {
    this.yaml.unknownKeys(data, [], CURRENT_KEYS, "problem.yaml (2025-09)");
    for (const key of ["validation", "validator_flags"]) {
      // The most common mistake when moving a legacy package: say where these went.
      if (key in data)
        this.yaml.problem(
          [key],
          `${key} is legacy-only; in 2025-09 a custom checker is output_validator/, and its flags are output_validator_args in data/**/test_group.yaml`,
        );
    }
    const types =
      typeof data.type === "string"
        ? [data.type]
        : Array.isArray(data.type)
          ? data.type
          : data.type === undefined
            ? ["pass-fail"]
            : undefined;
    if (!types || types.length === 0 || !types.every((t) => typeof t === "string" && CURRENT_TYPES.includes(t))) {
      this.yaml.problem(["type"], `type is one or more of ${CURRENT_TYPES.join(", ")}`);
    } else {
      const unsupported = types.filter((t) => !RUNNABLE_TYPES.includes(t));
      if (unsupported.length > 0)
        this.yaml.problem(
          ["type"],
          `${unsupported.join(" and ")} problems are not supported: runno runs a program on an input and checks its output afterwards`,
        );
    }
    const limits = this.limits(data.limits, CURRENT_LIMITS);
    if (limits && limits.time_multipliers !== undefined) {
      if (!isRecord(limits.time_multipliers))
        this.yaml.problem(
          ["limits", "time_multipliers"],
          "time_multipliers is a mapping with ac_to_time_limit and time_limit_to_tle",
        );
      else
        this.yaml.unknownKeys(
          limits.time_multipliers,
          ["limits", "time_multipliers"],
          ["ac_to_time_limit", "time_limit_to_tle"],
          "limits.time_multipliers",
        );
    }
    return {
      version: "2025-09",
      name: this.name(data.name),
      timeLimitS: this.positive(limits, ["limits", "time_limit"]),
      memoryMib: this.positive(limits, ["limits", "memory"]),
      outputMib: this.positive(limits, ["limits", "output"]),
      customValidation: false,
      validatorArgs: [],
    };
  }

  private limits(value: unknown, known: readonly string[]): Record<string, unknown> | undefined {
    if (value === undefined) return undefined;
    if (!isRecord(value)) {
      this.yaml.problem(["limits"], "limits is a mapping, e.g. { memory: 1024 }");
      return undefined;
    }
    this.yaml.unknownKeys(value, ["limits"], known, "limits");
    return value;
  }

  private name(value: unknown): string | undefined {
    if (typeof value === "string") return value;
    // 2025-09: a name per language code.
    if (isRecord(value)) return Object.values(value).find((v): v is string => typeof v === "string");
    return undefined;
  }

  private positive(limits: Record<string, unknown> | undefined, path: KeyPath): number | undefined {
    const value = limits?.[path[path.length - 1] as string];
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
    this.yaml.problem(path, `${path.join(".")} must be a positive number`);
    return undefined;
  }
}
