// RFC 4575 §4, §6: a `ConferenceInfo` as an application/conference-info+xml body, elements in
// the schema's sequence order, in the default namespace of §4.2, UTF-8 (§4.1). The XML is
// written by fast-xml-builder (fast-xml-parser's builder), which escapes text and attribute values.
import XMLBuilder from "fast-xml-builder";
import type {
  AvailableMedium,
  Conference,
  ConferenceDescription,
  ConferenceInfo,
  Endpoint,
  Execution,
  HostInfo,
  Media,
  SipDialogId,
  UriEntry,
  Uris,
  User,
} from "./model.js";
import { CONFERENCE_INFO_NAMESPACE } from "./model.js";

/** What the builder reads: attributes as "@_name", children in insertion order. */
type Out = Record<string, unknown>;

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true, indentBy: " ", suppressEmptyNode: true });

/** Sets the key only when there is a value, so absent elements are not printed. */
const put = (out: Out, key: string, value: unknown): Out => {
  if (value !== undefined) out[key] = value;
  return out;
};

const execution = (e: Execution): Out => put(put(put({}, "when", e.when), "reason", e.reason), "by", e.by);

const uriEntry = (e: UriEntry): Out =>
  put(put(put({ uri: e.uri }, "display-text", e.displayText), "purpose", e.purpose), "modified", e.modified === undefined ? undefined : execution(e.modified));

const uris = (u: Uris): Out => put(put({}, "@_state", u.state), "entry", u.entries.map(uriEntry));

const medium = (m: AvailableMedium): Out => put({ "@_label": m.label, ...put({}, "display-text", m.displayText), type: m.type }, "status", m.status);

const description = (d: ConferenceDescription): Out => {
  const out: Out = {};
  put(out, "display-text", d.displayText);
  put(out, "subject", d.subject);
  put(out, "free-text", d.freeText);
  put(out, "keywords", d.keywords?.join(" "));
  put(out, "conf-uris", d.confUris === undefined ? undefined : uris(d.confUris));
  put(out, "service-uris", d.serviceUris === undefined ? undefined : uris(d.serviceUris));
  put(out, "maximum-user-count", d.maximumUserCount === undefined ? undefined : String(d.maximumUserCount));
  return put(out, "available-media", d.availableMedia === undefined ? undefined : { entry: d.availableMedia.map(medium) });
};

const hostInfo = (h: HostInfo): Out => put(put(put({}, "display-text", h.displayText), "web-page", h.webPage), "uris", h.uris === undefined ? undefined : uris(h.uris));

const media = (m: Media): Out => {
  const out: Out = { "@_id": m.id };
  put(out, "display-text", m.displayText);
  put(out, "type", m.type);
  put(out, "label", m.label);
  put(out, "src-id", m.srcId);
  return put(out, "status", m.status);
};

const sipDialog = (s: SipDialogId): Out => ({ ...put({}, "display-text", s.displayText), "call-id": s.callId, "from-tag": s.fromTag, "to-tag": s.toTag });

const endpoint = (e: Endpoint): Out => {
  const out: Out = { "@_entity": e.entity };
  put(out, "@_state", e.state);
  put(out, "display-text", e.displayText);
  put(out, "referred", e.referred === undefined ? undefined : execution(e.referred));
  put(out, "status", e.status);
  put(out, "joining-method", e.joiningMethod);
  put(out, "joining-info", e.joiningInfo === undefined ? undefined : execution(e.joiningInfo));
  put(out, "disconnection-method", e.disconnectionMethod);
  put(out, "disconnection-info", e.disconnectionInfo === undefined ? undefined : execution(e.disconnectionInfo));
  if (e.media.length > 0) out["media"] = e.media.map(media);
  return put(out, "call-info", e.callInfo === undefined ? undefined : { sip: sipDialog(e.callInfo) });
};

const user = (u: User): Out => {
  const out: Out = { "@_entity": u.entity };
  put(out, "@_state", u.state);
  put(out, "display-text", u.displayText);
  put(out, "associated-aors", u.associatedAors === undefined ? undefined : uris(u.associatedAors));
  put(out, "roles", u.roles === undefined ? undefined : { entry: u.roles });
  put(out, "languages", u.languages?.join(" "));
  put(out, "cascaded-focus", u.cascadedFocus);
  if (u.endpoints.length > 0) out["endpoint"] = u.endpoints.map(endpoint);
  return out;
};

/** §6 conference-type, for the root and for each sidebar by value. */
const conference = (c: Conference, attributes: Out): Out => {
  const out: Out = { ...attributes, "@_entity": c.entity };
  put(out, "@_state", c.state);
  put(out, "@_version", c.version === undefined ? undefined : String(c.version));
  put(out, "conference-description", c.description === undefined ? undefined : description(c.description));
  put(out, "host-info", c.hostInfo === undefined ? undefined : hostInfo(c.hostInfo));
  if (c.conferenceState !== undefined) {
    const s = c.conferenceState;
    out["conference-state"] = put(put(put({}, "user-count", s.userCount === undefined ? undefined : String(s.userCount)), "active", s.active === undefined ? undefined : String(s.active)), "locked", s.locked === undefined ? undefined : String(s.locked));
  }
  put(out, "users", c.users === undefined ? undefined : put({ ...put({}, "@_state", c.users.state) }, "user", c.users.users.length > 0 ? c.users.users.map(user) : undefined));
  put(out, "sidebars-by-ref", c.sidebarsByRef === undefined ? undefined : uris(c.sidebarsByRef));
  const byVal = c.sidebarsByVal;
  return put(out, "sidebars-by-val", byVal === undefined ? undefined : put({ ...put({}, "@_state", byVal.state) }, "entry", byVal.entries.map((e) => conference(e, {}))));
};

/** RFC 4575 §4: the document as XML text, with its declaration and namespace. */
export const printConferenceInfo = (info: ConferenceInfo): string =>
  builder.build({ "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" }, "conference-info": conference(info, { "@_xmlns": CONFERENCE_INFO_NAMESPACE }) });
