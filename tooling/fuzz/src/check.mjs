// A rule a target states; breaking one is a finding, like a throw from the code under test.
export class RuleBroken extends Error {}
export const check = (ok, what) => {
  if (!ok) throw new RuleBroken(what);
};
