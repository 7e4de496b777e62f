export type { ParseOutcome, ParseReport, Validation } from "./commands/parse.js";
export { normalizeLineEnds, parseCommand } from "./commands/parse.js";
export type { Io } from "./io.js";
export { run, usage } from "./main.js";
