// Runs against the built package: `pnpm start` from the repository root.
import * as E from "fp-ts/lib/Either.js";
import { method, callId, isRfc3261Branch, branch } from "@puresip/message";

const show = (label, result) => console.log(label.padEnd(28), E.isRight(result) ? `ok   ${result.right}` : `err  ${JSON.stringify(result.left)}`);
show("method INVITE", method("INVITE"));
show("method with a space", method("IN VITE"));
show("Call-ID", callId("a84b4c76e66710@pc33.atlanta.com"));
const b = branch("z9hG4bK776asdhds");
console.log("RFC 3261 branch?".padEnd(28), E.isRight(b) && isRfc3261Branch(b.right));
