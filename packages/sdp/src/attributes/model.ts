// Typed attributes (a= lines, RFC 8866 §5.13 and the extensions WebRTC and SIP phones use).
// Each variant stores its parsed value; printing it (print.ts) gives back the text it came
// from, with whitespace runs between fields printed as one space and numbers in plain decimal
// (RFC 8866 fields are separated by a single SP, and a number's value does not depend on
// leading zeros). Any attribute not listed here is kept verbatim as `Other`.

/** RFC 8866 §6.7 media direction, and RFC 3264 §5.1 / §6.1 offer/answer direction. */
export type Direction = "sendrecv" | "sendonly" | "recvonly" | "inactive";

/** a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>] (RFC 8866 §6.6). */
export interface Rtpmap {
  readonly _tag: "Rtpmap";
  readonly payloadType: number;
  readonly encodingName: string;
  readonly clockRate: number;
  /** For audio, the number of channels (RFC 8866 §6.6: may be omitted when it is one). */
  readonly encodingParameters?: number;
}

/** a=fmtp:<format> <format specific parameters> (RFC 8866 §6.15), parameters kept as written. */
export interface Fmtp {
  readonly _tag: "Fmtp";
  readonly format: string;
  readonly parameters: string;
}

/** a=ptime:<packet time> (RFC 8866 §6.4), milliseconds. */
export interface Ptime {
  readonly _tag: "Ptime";
  readonly value: number;
}

/** a=maxptime:<maximum packet time> (RFC 8866 §6.5), milliseconds. */
export interface Maxptime {
  readonly _tag: "Maxptime";
  readonly value: number;
}

/** a=sendrecv / a=sendonly / a=recvonly / a=inactive (RFC 8866 §6.7). */
export interface DirectionAttribute {
  readonly _tag: "Direction";
  readonly value: Direction;
}

/** a=rtcp:<port> [<nettype> <addrtype> <connection-address>] (RFC 3605 §2.1). */
export interface Rtcp {
  readonly _tag: "Rtcp";
  readonly port: number;
  readonly netType?: string;
  readonly addrType?: string;
  readonly address?: string;
}

/** a=rtcp-mux (RFC 5761 §5.1.1). */
export interface RtcpMux {
  readonly _tag: "RtcpMux";
}

/** a=rtcp-fb:<payload type or *> <type> [<parameters>] (RFC 4585 §4.2). */
export interface RtcpFb {
  readonly _tag: "RtcpFb";
  readonly payloadType: string;
  readonly type: string;
  readonly parameter?: string;
}

/** a=extmap:<id>[/<direction>] <URI> [<extension attributes>] (RFC 8285). */
export interface Extmap {
  readonly _tag: "Extmap";
  readonly id: number;
  readonly direction?: Direction;
  readonly uri: string;
  readonly attributes?: string;
}

/** a=mid:<identification-tag> (RFC 5888 §4). */
export interface Mid {
  readonly _tag: "Mid";
  readonly value: string;
}

/** a=group:<semantics> *(SP <identification-tag>) (RFC 5888 §5), e.g. BUNDLE (RFC 9143). */
export interface Group {
  readonly _tag: "Group";
  readonly semantics: string;
  readonly mids: ReadonlyArray<string>;
}

/** a=msid:<stream id> [<track id>] (RFC 8830 §2). */
export interface Msid {
  readonly _tag: "Msid";
  readonly streamId: string;
  readonly trackId?: string;
}

/** a=ssrc:<ssrc-id> <attribute>[:<value>] (RFC 5576 §4.1). */
export interface Ssrc {
  readonly _tag: "Ssrc";
  readonly ssrc: number;
  readonly attribute: string;
  readonly value?: string;
}

/** a=ssrc-group:<semantics> *(SP <ssrc-id>) (RFC 5576 §4.2). */
export interface SsrcGroup {
  readonly _tag: "SsrcGroup";
  readonly semantics: string;
  readonly ssrcs: ReadonlyArray<number>;
}

/** The a=setup role (RFC 4145 §4). */
export type SetupRole = "active" | "passive" | "actpass" | "holdconn";

/** a=setup:<role> (RFC 4145 §4, RFC 8842 §5). */
export interface Setup {
  readonly _tag: "Setup";
  readonly role: SetupRole;
}

/** a=fingerprint:<hash-func> <fingerprint> (RFC 8122 §5). */
export interface Fingerprint {
  readonly _tag: "Fingerprint";
  readonly hashFunction: string;
  readonly fingerprint: string;
}

/** a=ice-ufrag:<ufrag> (RFC 8839 §5.4). */
export interface IceUfrag {
  readonly _tag: "IceUfrag";
  readonly value: string;
}

/** a=ice-pwd:<password> (RFC 8839 §5.4). */
export interface IcePwd {
  readonly _tag: "IcePwd";
  readonly value: string;
}

/** a=ice-options:<option> *(SP <option>) (RFC 8839 §5.6). */
export interface IceOptions {
  readonly _tag: "IceOptions";
  readonly options: ReadonlyArray<string>;
}

/** An extension pair at the end of a candidate line, e.g. `generation 0` (RFC 8839 §5.1). */
export interface CandidateExtension {
  readonly name: string;
  readonly value: string;
}

/**
 * a=candidate:<foundation> <component-id> <transport> <priority> <connection-address> <port>
 * typ <cand-type> [raddr <address>] [rport <port>] *(<extension name> <extension value>)
 * (RFC 8839 §5.1).
 */
export interface Candidate {
  readonly _tag: "Candidate";
  readonly foundation: string;
  readonly component: number;
  readonly transport: string;
  readonly priority: number;
  readonly address: string;
  readonly port: number;
  readonly type: string;
  readonly relatedAddress?: string;
  readonly relatedPort?: number;
  readonly extensions: ReadonlyArray<CandidateExtension>;
}

/** a=end-of-candidates (RFC 8840). */
export interface EndOfCandidates {
  readonly _tag: "EndOfCandidates";
}

/** a=crypto:<tag> <crypto-suite> <key-params> [<session-params>] (RFC 4568 §9.1). */
export interface Crypto {
  readonly _tag: "Crypto";
  readonly tag: number;
  readonly suite: string;
  /** One or more `inline:...` key parameters joined by ";", as written. */
  readonly keyParams: string;
  readonly sessionParams: ReadonlyArray<string>;
}

/** a=sctp-port:<port> (RFC 8841 §5). */
export interface SctpPort {
  readonly _tag: "SctpPort";
  readonly port: number;
}

/** a=max-message-size:<size> (RFC 8841 §6). */
export interface MaxMessageSize {
  readonly _tag: "MaxMessageSize";
  readonly size: number;
}

/** a=label:<label> (RFC 4574 §4). */
export interface Label {
  readonly _tag: "Label";
  readonly value: string;
}

/** a=framerate:<frame rate> (RFC 8866 §6.8), frames per second. */
export interface Framerate {
  readonly _tag: "Framerate";
  readonly value: number;
}

/** Any other attribute, verbatim: `a=name:value`, or `a=name` (a property attribute) without value. */
export interface OtherAttribute {
  readonly _tag: "Other";
  readonly name: string;
  readonly value?: string;
}

/** An SDP attribute (RFC 8866 §5.13): one of the typed ones, or any other as name and value. */
export type Attribute =
  | Rtpmap
  | Fmtp
  | Ptime
  | Maxptime
  | DirectionAttribute
  | Rtcp
  | RtcpMux
  | RtcpFb
  | Extmap
  | Mid
  | Group
  | Msid
  | Ssrc
  | SsrcGroup
  | Setup
  | Fingerprint
  | IceUfrag
  | IcePwd
  | IceOptions
  | Candidate
  | EndOfCandidates
  | Crypto
  | SctpPort
  | MaxMessageSize
  | Label
  | Framerate
  | OtherAttribute;
