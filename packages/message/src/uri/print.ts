// printUri: the canonical text of a URI. Values are printed as stored (still escaped), so
// parseUri(printUri(u)) gives u back.
import { absurd } from "fp-ts/lib/function.js";
import type { Param, Uri } from "../model.js";
import { printHost } from "./host.js";

const printUriParams = (params: ReadonlyArray<Param>): string => {
  let out = "";
  for (const p of params) out += p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`;
  return out;
};

const printUriHeaders = (headers: ReadonlyArray<Param>): string => {
  let out = "";
  for (let k = 0; k < headers.length; k++) {
    const h = headers[k];
    if (h !== undefined) out += `${k === 0 ? "?" : "&"}${h.name}=${h.value ?? ""}`;
  }
  return out;
};

/** Prints a URI from its parts (RFC 3261 §19.1.1, §25.1), each part as it was parsed or built. */
export const printUri = (uri: Uri): string => {
  switch (uri._tag) {
    case "SipUri": {
      const userinfo =
        uri.user === undefined ? "" : uri.password === undefined ? `${uri.user}@` : `${uri.user}:${uri.password}@`;
      const port = uri.port === undefined ? "" : `:${uri.port}`;
      return `${uri.scheme}:${userinfo}${printHost(uri.host)}${port}${printUriParams(uri.params)}${printUriHeaders(uri.headers)}`;
    }
    case "TelUri":
      return `tel:${uri.number}${printUriParams(uri.params)}`;
    case "AbsoluteUri":
      return `${uri.scheme}:${uri.rest}`;
    default:
      return absurd(uri);
  }
};
