// §8.3 "Redirect Servers": "the server MAY respond with a 3xx ... listing the alternative
// locations in Contact header fields", each with its q-value (§20.10) so that the client tries
// them in order (§8.1.3.4). This builds those fields for a `Redirect` routing decision.
import { printUri } from "@puresip/message";
import type { HeaderField } from "@puresip/message";
import type { Target } from "./route.js";

/** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) (§25.1): clamped and rounded to three places. */
const qvalue = (q: number): string => String(Math.round(Math.min(1, Math.max(0, Number.isFinite(q) ? q : 0)) * 1000) / 1000);

/** One Contact header field per alternative, in the order given. */
export const redirectContacts = (contacts: ReadonlyArray<Target>): ReadonlyArray<HeaderField> =>
  contacts.map((c) => ({ name: "Contact", value: `<${printUri(c.uri)}>;q=${qvalue(c.q)}` }));
