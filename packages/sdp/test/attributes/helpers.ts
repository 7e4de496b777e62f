import { parseAttribute, printAttribute } from "../../src/index.js";
import type { Attribute } from "../../src/index.js";

/** Parses the text after `a=`, as the line parser does. */
export const attr = (text: string): Attribute | string => {
  const colon = text.indexOf(":");
  return colon < 0 ? parseAttribute(text, undefined) : parseAttribute(text.slice(0, colon), text.slice(colon + 1));
};

/** Parses and prints back: the text when the attribute is in canonical form. */
export const roundTrip = (text: string): string => {
  const a = attr(text);
  return typeof a === "string" ? `error: ${a}` : printAttribute(a);
};
