export type { HeaderError } from "./error.js";
export { COMPACT_FORMS, canonicalHeaderName, compactForm, headerKey, headerNameEquals } from "./names.js";
export { splitHeaderValues } from "./split.js";
export { findParam, printParams } from "./params.js";
export { parseNameAddr, printNameAddr } from "./name-addr.js";
export { parseVia, printVia, printViaList } from "./via.js";
export { parseCSeq, printCSeq } from "./cseq.js";
export { UINT32_MAX, parseCallId, parseContentLength, parseMaxForwards, printCallId, printUint32 } from "./scalars.js";
export {
  CONTACT_WILDCARD,
  parseContact,
  parseNameAddrList,
  parseRecordRoute,
  parseRoute,
  printContact,
  printContactValue,
  printNameAddrList,
} from "./contact.js";
export { parseCoreHeaders } from "./core.js";
export type { AuthParam, Challenge, Credentials, DigestChallenge, DigestCredentials, OtherChallenge, OtherCredentials } from "./auth.js";
export { isAuthParamValue, parseChallenge, parseCredentials, parseProxyChallenge, parseProxyCredentials, printChallenge, printCredentials } from "./auth.js";
