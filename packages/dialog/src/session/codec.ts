// io-ts codec for the INVITE session state (DESIGN.md: every state can be stored and restored).
// Messages travel in @puresip/message's JSON form, dialogs in DialogCodec's, bodies as base64.
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { SeedCodec } from "@puresip/kernel";
import { HeaderFieldCodec, ViaFromString, decodeBase64, encodeBase64, tag } from "@puresip/message";
import type { Tag } from "@puresip/message";
import { DialogCodec, NameAddrCodec, SipRequestCodec as RequestCodec, SipResponseCodec as ResponseCodec } from "../codec.js";
import { OfferAnswerStateCodec } from "../offer-answer.js";
import { ReliableUasCodec } from "../reliable-provisional.js";
import { SessionTimerCodec } from "../session-timer.js";
import type { InviteSession } from "./types.js";

const ViaCodec = ViaFromString;

const TagCodec = new t.Type<Tag, string>(
  "Tag",
  (u): u is Tag => typeof u === "string",
  (u, c) => E.flatMap(t.string.validate(u, c), (s) => E.orElse(() => t.failure<Tag>(u, c, "not a tag"))(tag(s))),
  (s) => s,
);

const BytesCodec = new t.Type<Uint8Array, string>(
  "Base64",
  (u): u is Uint8Array => u instanceof Uint8Array,
  (u, c) =>
    E.flatMap(t.string.validate(u, c), (s) => {
      const b = decodeBase64(s);
      return b === undefined ? t.failure(u, c, "not canonical base64") : t.success(b);
    }),
  encodeBase64,
);

const BodyCodec = t.readonly(t.type({ type: t.string, content: BytesCodec }));

/** `Calling.prackOffer`: a state stored before the field existed decodes with none. */
const PrackOfferCodec = new t.Type<t.TypeOf<typeof BodyCodec> | null, t.OutputOf<typeof BodyCodec> | null>(
  "PrackOffer",
  (u): u is t.TypeOf<typeof BodyCodec> | null => u === null || BodyCodec.is(u),
  (u, c) => (u === undefined || u === null ? t.success(null) : BodyCodec.validate(u, c)),
  (b) => (b === null ? null : BodyCodec.encode(b)),
);

const ConfigCodec = t.readonly(
  t.intersection([
    t.type({ t1: t.number, t2: t.number, reliable: t.boolean, overTls: t.boolean }),
    t.partial({
      sessionTimer: t.readonly(t.type({ minSE: t.number, interval: t.number, preferRefresher: t.keyof({ uac: null, uas: null }) })),
      reliableProvisionals: t.boolean,
    }),
  ]),
);

const common = {
  role: t.keyof({ UAC: null, UAS: null }),
  config: ConfigCodec,
  invite: RequestCodec,
  localContact: NameAddrCodec,
  localVia: ViaCodec,
  seed: SeedCodec,
  offerAnswer: OfferAnswerStateCodec,
};

const AwaitingAckCodec = t.readonly(
  t.type({ _tag: t.literal("AwaitingAck"), request: RequestCodec, ok: ResponseCodec, retransmitAt: t.number, interval: t.number, giveUpAt: t.number, initial: t.boolean }),
);

const PendingCodec = t.union([
  t.readonly(t.type({ _tag: t.literal("None") })),
  t.readonly(t.type({ _tag: t.literal("Sending"), request: RequestCodec })),
  t.readonly(t.type({ _tag: t.literal("RetryAt"), at: t.number, body: t.union([BodyCodec, t.null]) })),
  t.readonly(t.type({ _tag: t.literal("Receiving"), request: RequestCodec })),
  t.readonly(t.intersection([t.type({ _tag: t.literal("AckOwed"), seq: t.number }), t.partial({ credentials: t.readonlyArray(HeaderFieldCodec) })])),
  AwaitingAckCodec,
]);

const CancelCodec = t.union([
  t.readonly(t.type({ _tag: t.literal("No") })),
  t.readonly(t.type({ _tag: t.literal("Wanted") })),
  t.readonly(t.type({ _tag: t.literal("Sent"), giveUpAt: t.number })),
]);

const EndReasonCodec = t.keyof({ LocalBye: null, RemoteBye: null, Rejected: null, Cancelled: null, NoAck: null, Timeout: null, DialogGone: null });

/** InviteSession ⇄ JSON. */
export const InviteSessionCodec = t.union(
  [
    t.readonly(t.type({ _tag: t.literal("Calling"), ...common, provisional: t.boolean, cancel: CancelCodec, early: t.readonlyArray(DialogCodec),
      rseqs: t.readonlyArray(t.readonly(t.type({ tag: TagCodec, rseq: t.number }))),
      prackOwed: t.union([ResponseCodec, t.null]), prackOffer: PrackOfferCodec })),
    t.readonly(t.type({ _tag: t.literal("Incoming"), ...common, toTag: TagCodec, early: t.union([DialogCodec, t.null]), reliable: t.union([ReliableUasCodec, t.null]) })),
    t.readonly(
      t.type({ _tag: t.literal("Established"), ...common, dialog: DialogCodec, lastAck: t.union([RequestCodec, t.null]), pending: PendingCodec, hangupWanted: t.boolean,
        update: t.union([t.readonly(t.type({ _tag: t.literal("None") })), t.readonly(t.type({ _tag: t.literal("Sending"), request: RequestCodec }))]),
        timer: t.union([SessionTimerCodec, t.null]), peerAllowsUpdate: t.boolean }),
    ),
    t.readonly(
      t.type({ _tag: t.literal("Terminating"), ...common, dialog: DialogCodec, bye: RequestCodec, lastAck: t.union([RequestCodec, t.null]), giveUpAt: t.number }),
    ),
    t.readonly(t.type({ _tag: t.literal("Ended"), reason: EndReasonCodec })),
  ],
  "InviteSession",
) satisfies t.Type<InviteSession, unknown>;
