// Header-field and parameter lookup on the model, with @puresip/message's name rules: names
// compare case-insensitively and compact forms count as their long form (§7.3.1, §7.3.3).
import type { HeaderField, Param } from "@puresip/message";
import { findParam, headerKey } from "@puresip/message";

export { printVia } from "@puresip/message";

/** Every field named `name` (any case, compact or long form), in message order. */
export const fieldsNamed = (headers: ReadonlyArray<HeaderField>, name: string): ReadonlyArray<HeaderField> => {
  const wanted = headerKey(name);
  return headers.filter((h) => headerKey(h.name) === wanted);
};

/** A Via or name-addr parameter's value by name (`""` for a flag), if present. */
export const paramValue = (params: ReadonlyArray<Param>, name: string): string | undefined => {
  const p = findParam(params, name);
  return p === undefined ? undefined : (p.value ?? "");
};
