// The final responses a client command saw on the wire, by the method of their CSeq: the UA
// core's events say what happened (Registered, CallEstablished, MessageResult), the status line
// printed for the user is the one the peer sent.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipResponse } from "@puresip/message";
import { parseMessage } from "@puresip/message";

export class FinalResponses {
  private readonly byMethod = new Map<string, SipResponse>();
  private readonly waiting: Array<{ readonly method: string; challenges: number; readonly resolve: (r: SipResponse) => void }> = [];

  /** A received message's bytes; a final response (≥ 200) is filed under its CSeq method. */
  observe(bytes: Uint8Array): void {
    const parsed = parseMessage(bytes);
    if (E.isLeft(parsed) || parsed.right._tag !== "Response" || parsed.right.status < 200) return;
    const response = parsed.right;
    const method = response.core.cseq?.method;
    if (method === undefined) return;
    this.byMethod.set(method, response);
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i];
      if (w?.method !== method) continue;
      if ((response.status === 401 || response.status === 407) && w.challenges > 0) {
        w.challenges -= 1;
        continue;
      }
      this.waiting.splice(i, 1);
      w.resolve(response);
    }
  }

  /** The last final response to a `method` request. */
  last(method: string): O.Option<SipResponse> {
    return O.fromNullable(this.byMethod.get(method));
  }

  /**
   * The next final response to a `method` request (from now on), passing over the first
   * `challenges` 401/407s: the UA core answers those with credentials (§22.2), so the response
   * to the request sent again is the answer.
   */
  next(method: string, challenges = 0): Promise<SipResponse> {
    return new Promise((resolve) => this.waiting.push({ method, challenges, resolve }));
  }
}
