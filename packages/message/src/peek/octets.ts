// The octets of a string's ASCII prefix, for canonical.ts to read where peekMessage was given
// text (or decoded octets that were not all ASCII, so that their indices no longer match the
// text's). The runtime's WHATWG TextEncoder writes them in one native call, several times
// faster than reading the text's units one by one; like TextDecoder in parse/utf8.ts it is a
// pure function of its input but not in the ES lib, hence the local declaration.
//
// The octets go into one buffer owned by this module and reused by every call: allocating a
// typed array costs more than the whole peek (a native backing store each time). No caller
// ever sees it, and peekMessage reads it synchronously, calling out to nothing, between filling
// it and returning, so one buffer is enough for any number of callers.

interface NativeEncoder {
  encodeInto(source: string, destination: Uint8Array): { readonly read: number; readonly written: number };
}
declare const TextEncoder: (new () => NativeEncoder) | undefined;

const encoder: NativeEncoder | undefined = typeof TextEncoder === "function" ? new TextEncoder() : undefined;

/** Octets for the head of nearly every message; units past it are read as text (and more slowly). */
export const SCRATCH = new Uint8Array(8192);

/**
 * Writes the UTF-8 of `s` into SCRATCH and returns how many leading units of `s` are ASCII and
 * so sit there at their own indices: `SCRATCH[i]` is `s.charCodeAt(i)` for every `i` below the
 * answer. 0 where the runtime has no TextEncoder.
 */
export const encodeAscii = (s: string): number => {
  if (encoder === undefined) return 0;
  const { read, written } = encoder.encodeInto(s, SCRATCH);
  // Each unit that is not ASCII takes two octets or more: equal counts mean all were ASCII.
  if (read === written) return read;
  let i = 0;
  while (i < written && (SCRATCH[i] ?? 0x80) < 0x80) i++;
  return i;
};
