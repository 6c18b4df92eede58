/**
 * The Kattis default output validator's command-line flags (`validator_flags`,
 * `output_validator_args`) as the runner's `tokens` match: `case_sensitive`,
 * `space_change_sensitive`, `float_tolerance E`, `float_absolute_tolerance E`,
 * `float_relative_tolerance E`.
 */
/** The comparison the flags ask for, in the runner's `tokens` terms. */
export interface DefaultValidatorOptions {
  caseSensitive: boolean;
  spaceChangeSensitive: boolean;
  absoluteTolerance?: number;
  relativeTolerance?: number;
}

export type FlagsResult = { ok: true; options: DefaultValidatorOptions } | { ok: false; message: string };

const TOLERANCES = ["float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"];

export function defaultValidatorOptions(flags: readonly string[]): FlagsResult {
  const match: DefaultValidatorOptions = { caseSensitive: false, spaceChangeSensitive: false };
  const seen = new Set<string>();
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (flag === "case_sensitive") match.caseSensitive = true;
    else if (flag === "space_change_sensitive") match.spaceChangeSensitive = true;
    else if (TOLERANCES.includes(flag)) {
      const value = Number(flags[i + 1]);
      if (flags[i + 1] === undefined || !Number.isFinite(value) || value < 0)
        return { ok: false, message: `${flag} takes a tolerance, a number such as 1e-6` };
      if (seen.has(flag)) return { ok: false, message: `${flag} is given twice` };
      seen.add(flag);
      i++;
      if (flag !== "float_relative_tolerance") match.absoluteTolerance = value;
      if (flag !== "float_absolute_tolerance") match.relativeTolerance = value;
    } else
      return {
        ok: false,
        message: `unknown default output validator flag "${flag}" (known: case_sensitive, space_change_sensitive, ${TOLERANCES.join(", ")})`,
      };
  }
  if (seen.has("float_tolerance") && seen.size > 1)
    return {
      ok: false,
      message: "float_tolerance cannot be combined with float_absolute_tolerance or float_relative_tolerance",
    };
  return { ok: true, options: match };
}
