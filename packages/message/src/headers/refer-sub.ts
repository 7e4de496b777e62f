// Refer-Sub (RFC 4488 §4): whether a REFER creates its implicit subscription. "false" in a
// REFER asks for none; "false" in the 2xx grants it.
import type { Param } from "../model.js";
import { fail, isFail } from "../uri/error.js";
import { defineHeader, type HeaderDef, type Scan } from "./def.js";
import { scanToken } from "./lex.js";
import { printParams, scanParams } from "./params.js";

/** Refer-Sub = "Refer-Sub" HCOLON refer-sub-value *(SEMI exten); refer-sub-value = "true" / "false". */
export interface ReferSub {
  readonly value: boolean;
  readonly params: ReadonlyArray<Param>;
}

const scanReferSub: Scan<ReferSub> = (s, start, end) => {
  const e = scanToken(s, start, end);
  const word = s.slice(start, e).toLowerCase();
  if (word !== "true" && word !== "false") return fail('expected "true" or "false" (RFC 4488 §4)', start);
  const params = scanParams(s, e, end);
  return isFail(params) ? params : { value: word === "true", params };
};

/** The Refer-Sub header (RFC 4488 §4), in a REFER and its 2xx. */
export const referSubHeader: HeaderDef<ReferSub> = defineHeader({
  name: "Refer-Sub",
  list: false,
  scan: scanReferSub,
  print: (r) => `${r.value ? "true" : "false"}${printParams(r.params)}`,
});
