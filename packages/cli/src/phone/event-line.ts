// How `puresip phone` prints each application event: one line, `event <Tag>` then `name=value`
// fields in a fixed order, so a script or a test can grep for them. Values never hold blanks
// (a reason's blanks become `_`), so the line splits on spaces.
import * as O from "fp-ts/lib/Option.js";
import { absurd } from "fp-ts/lib/function.js";
import { printUri } from "@puresip/message";
import type { AppEvent, UsageKey } from "@puresip/ua";

/** The console's number for a call's key, if it has one. */
export type CallNumber = (key: UsageKey) => number | undefined;

const word = (text: string): string => (text === "" ? "-" : text.replace(/\s+/g, "_"));

const callField = (numberOf: CallNumber, key: UsageKey): string => `call=${String(numberOf(key) ?? "?")}`;

/** The fields after `event <Tag>`, for the events a call console cares about; others have none. */
const fields = (e: AppEvent, numberOf: CallNumber): ReadonlyArray<string> => {
  switch (e._tag) {
    case "CallCreated":
      return [callField(numberOf, e.call), `to=${printUri(e.invite.uri)}`];
    case "CallNotMade":
      return [`to=${printUri(e.to)}`, `reason=${word(e.reason)}`];
    case "IncomingCall":
      return [callField(numberOf, e.call), `from=${e.invite.core.from === undefined ? "-" : printUri(e.invite.core.from.uri)}`];
    case "CallProgress":
      return [callField(numberOf, e.call), `status=${String(e.status)}`];
    case "CallEstablished":
    case "CallMedia":
    case "AnswerNeeded":
    case "ReinviteAcked":
    case "SessionTerminated":
      return [callField(numberOf, e.call)];
    case "CallFailed":
    case "ReofferDone":
      return [callField(numberOf, e.call), `status=${String(e.status)}`];
    case "CallEnded":
      return [callField(numberOf, e.call), `reason=${e.reason}`];
    case "InDialogRequest":
      return [callField(numberOf, e.call), `method=${e.request.method}`];
    case "InDialogDone":
      return [callField(numberOf, e.call), `method=${e.method}`, `status=${String(e.status)}`];
    case "SubscriptionCreated":
      return [`method=${e.request.method}`];
    case "Subscription": {
      const n = e.notice;
      // An ended subscription says why (RFC 6665 §4.1.2, RFC 3515 §2.4.5): `reason=Rejected status=603`.
      if (n._tag === "Ended") return [`notice=Ended`, `reason=${n.reason._tag}`, ...("status" in n.reason ? [`status=${String(n.reason.status)}`] : [])];
      return [`notice=${n._tag}`, ...("status" in n ? [`status=${String(n.status)}`] : []), ...("reason" in n && typeof n.reason === "string" ? [`reason=${word(n.reason)}`] : [])];
    }
    case "MessageReceived":
      return [`from=${printUri(e.from)}`];
    case "MessageResult":
    case "Rejected":
      return [`status=${String(e.status)}`];
    case "OptionsResult":
      return [`status=${String(e.status)}`, ...(O.isSome(e.response) ? [] : ["response=none"])];
    case "Registered":
      return [`id=${e.id}`, `expires=${String(e.expires)}`];
    case "RegistrationFailed":
      return [`id=${e.id}`, `status=${String(e.status)}`];
    case "Problem":
      return [`reason=${word(e.reason)}`];
    case "Unregistered":
    case "Bindings":
      return [`id=${e.id}`];
    case "CredentialsNeeded":
      return [`id=${e.id}`, `realm=${word(e.realm)}`];
    case "IncomingRequest":
      return [`method=${e.request.method}`];
    default:
      return absurd(e);
  }
};

/** `event CallProgress call=1 status=180`: the line printed for `e`. */
export const eventLine = (e: AppEvent, numberOf: CallNumber): string => ["event", e._tag, ...fields(e, numberOf)].join(" ");
