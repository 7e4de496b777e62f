// `puresip phone`'s arguments, read purely: where its UA listens and what it offers.
import * as E from "fp-ts/lib/Either.js";
import { parseArgs } from "../args.js";
import type { LocalUaPlan } from "./local-ua-args.js";
import { LOCAL_UA_OPTIONS, readLocalUa } from "./local-ua-args.js";

/** What `puresip phone` runs: a local UA and nothing else. */
export type PhonePlan = LocalUaPlan;

/** Reads `puresip phone`'s arguments into a plan, or the error to print. */
export const parsePhoneArgs = (argv: ReadonlyArray<string>): E.Either<string, PhonePlan> => {
  const parsed = parseArgs(argv, LOCAL_UA_OPTIONS);
  if (E.isLeft(parsed)) return parsed;
  if (parsed.right.positionals.length > 0) return E.left(`puresip phone takes no arguments, got "${parsed.right.positionals.join(" ")}"`);
  return readLocalUa(parsed.right);
};
