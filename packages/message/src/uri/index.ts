export type { UriError } from "./error.js";
export type { UriOptions } from "./parse.js";
export { parseUri } from "./parse.js";
export { printUri } from "./print.js";
export { isIPv4Address, isIPv6Address, isHostname, printHost } from "./host.js";
export { EqUri, uriEquals } from "./compare.js";
export { canonicalEscapes, unescapeOnce } from "./escape.js";
export { UriFromString } from "./codec.js";
