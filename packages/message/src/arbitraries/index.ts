export * from "./message.js";
export * from "./uri.js";
export * from "./headers.js";
