/**
 * Text a guest controls (its import and export names, file names, messages built from
 * them) shown in our own messages: control characters are escaped, so nothing it names can
 * move the cursor, recolour a terminal, forge an extra line or reorder text.
 */

// C0 and C1 controls, DEL, line/paragraph separators and the bidirectional overrides.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeGuestText(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
