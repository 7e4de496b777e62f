// The one table of who may import whom (../shared/DESIGN.md, "Packages and who may import whom").
// ESLint (per-file imports) and tooling/scripts/check-deps.mjs (package.json edges, cycles)
// both read it, so the rule lives in one place.

/**
 * `browser`: an I/O shell for the browser (@puresip/web): DOM APIs yes, Node builtins and Node globals no.
 * @typedef {{ pure: boolean, browser?: boolean, may: readonly string[], devMay?: readonly string[] }} Layer
 */

/** @type {Readonly<Record<string, Layer>>} */
export const layers = {
  "@puresip/message": { pure: true, may: [] },
  "@puresip/sdp": { pure: true, may: [] },
  "@puresip/kernel": { pure: true, may: ["@puresip/message"] },
  "@puresip/transaction": { pure: true, may: ["@puresip/message", "@puresip/kernel"], devMay: ["@puresip/testkit"] },
  "@puresip/dialog": { pure: true, may: ["@puresip/message", "@puresip/kernel"], devMay: ["@puresip/testkit", "@puresip/transaction"] },
  "@puresip/auth": { pure: true, may: ["@puresip/message"], devMay: ["@puresip/testkit"] },
  "@puresip/ua": {
    pure: true,
    may: ["@puresip/message", "@puresip/kernel", "@puresip/sdp", "@puresip/transaction", "@puresip/dialog", "@puresip/auth"],
    devMay: ["@puresip/testkit"],
  },
  "@puresip/proxy": {
    pure: true,
    may: ["@puresip/message", "@puresip/kernel", "@puresip/transaction", "@puresip/ua", "@puresip/auth"],
    devMay: ["@puresip/testkit", "@puresip/dialog"],
  },
  "@puresip/focus": {
    pure: true,
    may: ["@puresip/message", "@puresip/kernel", "@puresip/sdp", "@puresip/ua", "@puresip/conference"],
    devMay: ["@puresip/testkit", "@puresip/dialog", "@puresip/transaction"],
  },
  // The RFC 4575 event package (src/event-package); the RFC 4579 focus that serves it is @puresip/focus.
  "@puresip/conference": {
    pure: true,
    may: ["@puresip/message", "@puresip/kernel", "@puresip/sdp", "@puresip/ua"],
    devMay: ["@puresip/testkit"],
  },
  "@puresip/b2bua": {
    pure: true,
    may: ["@puresip/message", "@puresip/kernel", "@puresip/sdp", "@puresip/dialog", "@puresip/ua"],
    devMay: ["@puresip/testkit", "@puresip/transaction"],
  },
  "@puresip/testkit": { pure: true, may: ["@puresip/message", "@puresip/kernel", "@puresip/sdp"] },
  "@puresip/node": {
    pure: false,
    may: ["@puresip/kernel", "@puresip/ua", "@puresip/message", "@puresip/sdp", "@puresip/transaction", "@puresip/dialog", "@puresip/auth"],
    devMay: ["@puresip/testkit"],
  },
  "@puresip/web": {
    pure: false,
    browser: true,
    may: ["@puresip/kernel", "@puresip/ua", "@puresip/message", "@puresip/sdp", "@puresip/transaction", "@puresip/dialog"],
    // The browser test runs `puresip serve` as the far end.
    devMay: ["@puresip/testkit", "@puresip/cli"],
  },
  "@puresip/redis": {
    pure: false,
    may: ["@puresip/kernel", "@puresip/ua", "@puresip/proxy", "@puresip/message"],
  },
  "@puresip/cli": {
    pure: false,
    may: ["@puresip/node", "@puresip/redis", "@puresip/kernel", "@puresip/proxy", "@puresip/b2bua", "@puresip/focus", "@puresip/conference", "@puresip/ua", "@puresip/message", "@puresip/sdp", "@puresip/transaction", "@puresip/dialog", "@puresip/auth"],
    devMay: ["@puresip/testkit"],
  },
};

/** Tooling packages sit beside the graph: anyone may use them as dev dependencies, they import no product package except bench and fuzz. */
export const toolingPackages = ["@puresip/eslint-config", "@puresip/vitest-config", "@puresip/bench", "@puresip/fuzz"];
