// The host's part of reporting changed files: the worker knows what was written, the host
// what was given, so an input rewritten with the same bytes is not reported as changed.
import type { ChangedFiles, FileMap } from "./api";

export function withoutUnchangedInputs(changed: ChangedFiles, inputs: FileMap): ChangedFiles {
  return { ...changed, files: changed.files.filter(({ path, data }) => !sameBytes(inputs.get(path), data)) };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
