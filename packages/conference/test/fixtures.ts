// The example documents of RFC 4575 §7, copied from the RFC text (page breaks removed).
import { readFileSync } from "node:fs";

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** §7.1 "Basic Example": a full document, version 1. */
export const basicExample = fixture("rfc4575-7.1-basic.xml");
/** §7.2 "Rich Example": a partial document, version 5, with sidebars. */
export const richExample = fixture("rfc4575-7.2-rich.xml");
