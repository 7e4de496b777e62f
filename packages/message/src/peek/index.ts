export type { MessagePeek, RequestPeek, ResponsePeek } from "./model.js";
export { peekMessage } from "./peek.js";
