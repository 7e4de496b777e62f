import * as O from "fp-ts/lib/Option.js";
import type { NameAddr, Tag } from "@puresip/message";

/** The `tag` parameter of a From or To value (§19.3); parameter names are case-insensitive. */
export const tagOf = (address: NameAddr): O.Option<Tag> => {
  for (const param of address.params) {
    if (param.name.length === 3 && param.name.toLowerCase() === "tag" && param.value !== undefined && param.value !== "") {
      return O.some(param.value as Tag);
    }
  }
  return O.none;
};
