// Byte units, and the one way bytes are written for people on both sides of the worker boundary.

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** `512 MiB`, `1.5 MiB`, `256 KiB`, `100 bytes`: MiB or KiB to at most one decimal. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${oneDecimal(bytes / MiB)} MiB`;
  if (bytes >= KiB) return `${oneDecimal(bytes / KiB)} KiB`;
  return `${bytes} bytes`;
}

function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10);
}
