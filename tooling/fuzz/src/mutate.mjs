// Mutations over octets, in the spirit of libFuzzer's and fast-check's: deterministic from a
// seed (xorshift32), so a run and every finding in it can be replayed with --seed.

export const prng = (seed) => {
  let s = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return { next, below: (n) => (n <= 0 ? 0 : next() % n), chance: (k) => next() % k === 0 };
};

const enc = new TextEncoder();
/** Tokens SIP, SDP and digest grammars care about: the fuzzer splices them in whole. */
export const DICTIONARY = [
  "\r\n", "\r\n\r\n", "\n", "\r", "\r\n ", "\t", " ", ":", ";", ",", "=", "\"", "\\", "<", ">", "@", "%", "%00", "%zz", "[", "]", "::", "?", "&", "#",
  "SIP/2.0", "SIP/2.0/UDP ", "SIP/2.0/TCP ", "Via: ", "v: ", "From: ", "To: ", "Call-ID: ", "i: ", "CSeq: ", "Content-Length: ", "l: ", "Contact: ", "m: ",
  "Route: ", "Record-Route: ", "Max-Forwards: ", "Expires: ", "Content-Type: ", "WWW-Authenticate: ", "Authorization: ", ";branch=z9hG4bK", ";tag=", ";lr",
  ";received=", ";rport", ";maddr=", ";expires=", "sip:", "sips:", "tel:", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "*",
  "Digest ", "realm=", "nonce=", "qop=\"auth,auth-int\"", "algorithm=SHA-256", "nc=00000001", "response=", "uri=", "username=", "opaque=", "stale=true",
  "v=0", "o=", "s=", "c=IN IP4 ", "c=IN IP6 ", "t=0 0", "m=audio ", "m=video ", "a=rtpmap:", "a=fmtp:", "a=sendrecv", "a=group:BUNDLE ", "b=AS:", "RTP/AVP ",
  "0", "4294967295", "4294967296", "-1", "99999999999999999999", "65535", "65536", "[2001:db8::1]", "[::ffff:192.0.2.1]", "192.0.2.1", "\u00ff", "\u0000",
].map((t) => enc.encode(t));

const INTERESTING = [0x00, 0x01, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x25, 0x2c, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x40, 0x5c, 0x7f, 0x80, 0xc3, 0xff];
const NUMBERS = ["0", "1", "255", "256", "65535", "65536", "4294967295", "4294967296", "18446744073709551616", "-1", "00000000000000000001"].map((t) => enc.encode(t));

const splice = (a, at, del, ins) => {
  const out = new Uint8Array(a.length - del + ins.length);
  out.set(a.subarray(0, at), 0);
  out.set(ins, at);
  out.set(a.subarray(at + del), at + ins.length);
  return out;
};

const isDigit = (b) => b >= 0x30 && b <= 0x39;

/** One mutation of `input` (never modified); `other` is another corpus entry for crossover. */
const mutateOnce = (r, input, other, maxLen) => {
  const n = input.length;
  switch (r.below(11)) {
    case 0: {
      if (n === 0) return input;
      const out = input.slice();
      out[r.below(n)] ^= 1 << r.below(8);
      return out;
    }
    case 1: {
      if (n === 0) return input;
      const out = input.slice();
      out[r.below(n)] = INTERESTING[r.below(INTERESTING.length)];
      return out;
    }
    case 2:
      return splice(input, r.below(n + 1), 0, DICTIONARY[r.below(DICTIONARY.length)]);
    case 3: {
      if (n === 0) return input;
      const at = r.below(n);
      return splice(input, at, 1 + r.below(Math.min(16, n - at)), new Uint8Array(0));
    }
    case 4: {
      if (n === 0) return input;
      const at = r.below(n);
      const len = 1 + r.below(Math.min(64, n - at));
      return splice(input, r.below(n + 1), 0, input.slice(at, at + len));
    }
    case 5: {
      // A digit run replaced by a boundary number.
      const start = r.below(n + 1);
      let i = start;
      while (i < n && !isDigit(input[i])) i++;
      if (i >= n) return splice(input, start, 0, NUMBERS[r.below(NUMBERS.length)]);
      let j = i;
      while (j < n && isDigit(input[j])) j++;
      return splice(input, i, j - i, NUMBERS[r.below(NUMBERS.length)]);
    }
    case 6: {
      // Crossover: a piece of another entry, inserted or written over.
      if (other.length === 0) return input;
      const from = r.below(other.length);
      const len = 1 + r.below(Math.min(256, other.length - from));
      const at = r.below(n + 1);
      const del = r.chance(2) ? 0 : r.below(Math.min(32, n - at) + 1);
      return splice(input, at, del, other.slice(from, from + len));
    }
    case 7: {
      // Line-level: duplicate, drop or swap a line (headers repeat, vanish, move).
      const lines = [];
      let s = 0;
      for (let i = 0; i < n; i++) if (input[i] === 0x0a) (lines.push([s, i + 1]), (s = i + 1));
      if (s < n) lines.push([s, n]);
      if (lines.length < 2) return input;
      const [a0, a1] = lines[r.below(lines.length)];
      const line = input.slice(a0, a1);
      const k = r.below(3);
      if (k === 0) return splice(input, a0, 0, line);
      if (k === 1) return splice(input, a0, a1 - a0, new Uint8Array(0));
      const [b0] = lines[r.below(lines.length)];
      const without = splice(input, a0, a1 - a0, new Uint8Array(0));
      return splice(without, Math.min(b0, without.length), 0, line);
    }
    case 8:
      return n === 0 ? input : input.slice(0, r.below(n));
    case 9: {
      const len = 1 + r.below(8);
      const bytes = new Uint8Array(len);
      for (let i = 0; i < len; i++) bytes[i] = r.chance(2) ? INTERESTING[r.below(INTERESTING.length)] : r.below(256);
      return splice(input, r.below(n + 1), 0, bytes);
    }
    default: {
      // A long run: limits and long lines.
      const b = INTERESTING[r.below(INTERESTING.length)] | 0x20;
      const len = 1 + r.below(Math.max(1, Math.min(maxLen - n, 9000)));
      return splice(input, r.below(n + 1), 0, new Uint8Array(len).fill(b));
    }
  }
};

/** One to five stacked mutations, capped at maxLen octets. */
export const mutate = (r, input, other, maxLen) => {
  let out = input;
  const k = 1 + r.below(5);
  for (let i = 0; i < k; i++) out = mutateOnce(r, out, other, maxLen);
  return out.length > maxLen ? out.subarray(0, maxLen) : out;
};
