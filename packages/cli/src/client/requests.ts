// The requests the client commands send, built purely from their parts and entropy the shell
// draws: REGISTER (§10.2), OPTIONS (§11.1), MESSAGE (RFC 3428), INVITE (§13.2.1), the ACK of a
// 2xx (§13.2.2.4) and BYE (§15.1.1). Each new request gets a fresh branch (§8.1.1.7).
import * as E from "fp-ts/lib/Either.js";
import type { CallId, HeaderField, Host, Method, NameAddr, SipRequest, SipResponse, Uri, Via } from "@puresip/message";
import { createRequest, findParam, parseUri, printUri } from "@puresip/message";

/** Where this UA is: the sent-by of its Via and the host:port of its Contact. */
export interface Local {
  readonly transport: string;
  readonly host: string;
  readonly port: number;
  /** The user part of From and Contact. */
  readonly user: string;
}

/** Fresh tokens from the shell's CSPRNG for one request. */
export interface Tokens {
  readonly branch: string;
  readonly tag: string;
  readonly callId: string;
}

const hostOf = (host: string): Host => (host.includes(":") ? { _tag: "IPv6", value: host } : /^[0-9.]+$/.test(host) ? { _tag: "IPv4", value: host } : { _tag: "Hostname", value: host });

const via = (local: Local, branch: string): Via => ({
  protocolName: "SIP",
  protocolVersion: "2.0",
  transport: local.transport.toUpperCase(),
  host: hostOf(local.host),
  port: local.port,
  // RFC 3581: ask for the port the response should go back to.
  params: [{ name: "branch", value: `z9hG4bK${branch}` }, { name: "rport" }],
});

const nameAddr = (uri: Uri, params: NameAddr["params"] = []): NameAddr => ({ _tag: "NameAddr", uri, angle: true, params });

export const contactUri = (local: Local): Uri => ({
  _tag: "SipUri",
  scheme: "sip",
  user: local.user,
  host: hostOf(local.host),
  port: local.port,
  params: local.transport.toUpperCase() === "UDP" ? [] : [{ name: "transport", value: local.transport.toLowerCase() }],
  headers: [],
});

/** `sip:user@host` of the target's host: the From of out-of-dialog requests and the REGISTER's AOR. */
export const userAt = (user: string, target: Uri): Uri =>
  target._tag === "SipUri" ? { _tag: "SipUri", scheme: target.scheme, user, host: target.host, params: [], headers: [] } : target;

export interface RequestParts {
  readonly method: Method;
  readonly uri: Uri;
  readonly to: NameAddr;
  readonly from: NameAddr;
  readonly callId: string;
  readonly seq: number;
  readonly headers?: ReadonlyArray<HeaderField>;
  readonly body?: Uint8Array;
  readonly contact?: boolean;
}

export const build = (local: Local, branch: string, p: RequestParts): E.Either<string, SipRequest> => {
  const r = createRequest({
    method: p.method,
    uri: p.uri,
    via: via(local, branch),
    to: p.to,
    from: p.from,
    callId: p.callId as CallId,
    seq: p.seq,
    ...(p.contact === true ? { contact: [nameAddr(contactUri(local))] } : {}),
    headers: p.headers ?? [],
    ...(p.body === undefined ? {} : { body: p.body }),
  });
  return E.mapLeft((e: { readonly header: string; readonly reason: string }) => `${e.header}: ${e.reason}`)(r);
};

/** A request outside any dialog to `target` from `user`: OPTIONS, MESSAGE, INVITE (§8.1.1). */
export const outOfDialog = (local: Local, target: Uri, tokens: Tokens, method: Method, extra: Omit<RequestParts, "method" | "uri" | "to" | "from" | "callId" | "seq"> = {}) =>
  build(local, tokens.branch, {
    method,
    uri: target,
    to: nameAddr(target),
    from: nameAddr(userAt(local.user, target), [{ name: "tag", value: tokens.tag }]),
    callId: tokens.callId,
    seq: 1,
    ...extra,
  });

/** §10.2: To and From are the address-of-record; the Request-URI names the registrar's domain. */
export const registerRequest = (local: Local, registrar: Uri, tokens: Tokens, seq: number, expires: number, headers: ReadonlyArray<HeaderField> = []) => {
  const aor = userAt(local.user, registrar);
  const domain: Uri =
    registrar._tag === "SipUri" ? { _tag: "SipUri", scheme: registrar.scheme, host: registrar.host, ...(registrar.port === undefined ? {} : { port: registrar.port }), params: [], headers: [] } : registrar;
  return build(local, tokens.branch, {
    method: "REGISTER" as Method,
    uri: domain,
    to: nameAddr(aor),
    from: nameAddr(aor, [{ name: "tag", value: tokens.tag }]),
    callId: tokens.callId,
    seq,
    contact: true,
    headers: [{ name: "Expires", value: String(expires) }, ...headers],
  });
};

/** The dialog an answered INVITE set up (§12.1.2), enough to send its ACK and BYE. */
export interface Dialog {
  readonly callId: string;
  readonly localUri: Uri;
  readonly localTag: string;
  readonly remoteUri: Uri;
  readonly remoteTag: string;
  /** The remote target: the 2xx's Contact (§12.1.2). */
  readonly target: Uri;
  readonly inviteSeq: number;
}

export const dialogOf = (invite: SipRequest, ok: SipResponse): E.Either<string, Dialog> => {
  const from = invite.core.from;
  const to = ok.core.to;
  const localTag = from === undefined ? undefined : findParam(from.params, "tag")?.value;
  const remoteTag = to === undefined ? undefined : findParam(to.params, "tag")?.value;
  const contact = ok.core.contact.find((c): c is NameAddr => c._tag === "NameAddr");
  if (from === undefined || to === undefined || localTag === undefined) return E.left("the INVITE has no From tag");
  if (remoteTag === undefined) return E.left("the 2xx has no To tag (§12.1.2)");
  if (contact === undefined) return E.left("the 2xx has no Contact (§12.1.2: it MUST)");
  return E.right({ callId: invite.core.callId ?? "", localUri: from.uri, localTag, remoteUri: to.uri, remoteTag, target: contact.uri, inviteSeq: invite.core.cseq?.seq ?? 1 });
};

const inDialog = (local: Local, d: Dialog, branch: string, method: Method, seq: number): E.Either<string, SipRequest> =>
  build(local, branch, {
    method,
    uri: d.target,
    to: nameAddr(d.remoteUri, [{ name: "tag", value: d.remoteTag }]),
    from: nameAddr(d.localUri, [{ name: "tag", value: d.localTag }]),
    callId: d.callId,
    seq,
  });

/** §13.2.2.4: the ACK of a 2xx has the INVITE's CSeq number and a branch of its own. */
export const ackOf = (local: Local, d: Dialog, branch: string) => inDialog(local, d, branch, "ACK" as Method, d.inviteSeq);

/** §15.1.1: BYE within the dialog, the next CSeq. */
export const byeOf = (local: Local, d: Dialog, branch: string) => inDialog(local, d, branch, "BYE" as Method, d.inviteSeq + 1);

/** A target URI from the command line: `sip:bob@127.0.0.1:5062`, or just `127.0.0.1:5062`. */
export const targetUri = (text: string): E.Either<string, Uri> => {
  const withScheme = /^(sips?|tel):/i.test(text) ? text : `sip:${text}`;
  return E.mapLeft(() => `not a SIP URI: "${text}"`)(parseUri(withScheme));
};

export const describeUri = printUri;
