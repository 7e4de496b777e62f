// One shared empty list for every value that has nothing in a list field (URIs without
// parameters or headers, header values without parameters, messages without Contact, Route or
// Record-Route): no allocation while parsing, no memory in a retained message. Frozen, so no
// code can add to it and reach every message that shares it.

export const NONE: ReadonlyArray<never> = Object.freeze([]);
