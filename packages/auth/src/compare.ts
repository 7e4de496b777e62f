// Comparing a secret-derived digest must not reveal how many leading characters matched
// (RFC 7616 §5.3 timing attacks on the response): one pass over every character, no early exit.

/** True when `a` and `b` are equal; the time taken depends only on their lengths. */
export const constantTimeEqual = (a: string, b: string): boolean => {
  const length = a.length > b.length ? a.length : b.length;
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    const x = i < a.length ? a.charCodeAt(i) : 0;
    const y = i < b.length ? b.charCodeAt(i) : 0;
    diff |= x ^ y;
  }
  return diff === 0;
};
