// RFC 4575 §5/§6: from fast-xml-parser's tree to the model, element by element in the
// schema's order. Unknown elements and attributes (the schema's xs:any extension points) are
// skipped; a known one with a value outside its type is an error naming the element.
import { sequenceS } from "fp-ts/lib/Apply.js";
import * as A from "fp-ts/lib/Array.js";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type {
  AvailableMedium,
  Conference,
  ConferenceDescription,
  ConferenceState,
  ElementState,
  Endpoint,
  Execution,
  HostInfo,
  Media,
  SidebarsByVal,
  SipDialogId,
  UriEntry,
  Uris,
  User,
  Users,
} from "./model.js";
import { DISCONNECTION_METHODS, ELEMENT_STATES, ENDPOINT_STATUSES, JOINING_METHODS, MEDIA_STATUSES } from "./model.js";
import type { Scope, XmlNode } from "./xml-tree.js";
import { asNode, attribute, boolean, child, children, fail, oneOf, present, requiredText, text, textValue, tokens, unsignedInt, within } from "./xml-tree.js";

type Read<A> = E.Either<string, A>;
const all = sequenceS(E.Apply);
const each = <A>(items: ReadonlyArray<unknown>, read: (u: unknown, i: number) => Read<A>): Read<ReadonlyArray<A>> =>
  A.sequence(E.Applicative)(items.map(read));

const mediaStatus = oneOf(MEDIA_STATUSES, "a media status (sendrecv, sendonly, recvonly, inactive)");

const stateAttribute = (scope: Scope, node: XmlNode): Read<ElementState | undefined> => {
  const s = attribute(node, "state");
  if (s === undefined) return E.right(undefined);
  const found = ELEMENT_STATES.find((v) => v === s);
  return found === undefined ? fail(scope, `state "${s}" is not full, partial or deleted (RFC 4575 §4.4)`) : E.right(found);
};

/** An optional child element read by `read`. */
const optional = <A>(scope: Scope, node: XmlNode, local: string, read: (scope: Scope, node: XmlNode) => Read<A>): Read<A | undefined> =>
  E.chain((u: unknown) => (u === undefined ? E.right(undefined) : read(within(scope, local), asNode(u))))(child(scope, node, local));

const readExecution = (scope: Scope, node: XmlNode): Read<Execution> =>
  E.map(present<Execution>)(all({ when: text(scope, node, "when"), reason: text(scope, node, "reason"), by: text(scope, node, "by") }));

const readUriEntry = (scope: Scope, node: XmlNode): Read<UriEntry> =>
  E.map(present<UriEntry>)(
    all({
      uri: requiredText(scope, node, "uri"),
      displayText: text(scope, node, "display-text"),
      purpose: text(scope, node, "purpose"),
      modified: optional(scope, node, "modified", readExecution),
    }),
  );

const readUris = (scope: Scope, node: XmlNode): Read<Uris> =>
  E.map(present<Uris>)(
    all({
      state: stateAttribute(scope, node),
      entries: each(children(scope, node, "entry"), (u, i) => readUriEntry(within(scope, `entry[${i + 1}]`), asNode(u))),
    }),
  );

const readAvailableMedium = (scope: Scope, node: XmlNode): Read<AvailableMedium> => {
  const label = attribute(node, "label");
  if (label === undefined) return fail(scope, "an <entry> of <available-media> needs its label (RFC 4575 §5.3.4)");
  return E.map(present<AvailableMedium>)(
    all({ label: E.right(label), displayText: text(scope, node, "display-text"), type: requiredText(scope, node, "type"), status: mediaStatus(scope, node, "status") }),
  );
};

const readDescription = (scope: Scope, node: XmlNode): Read<ConferenceDescription> =>
  E.map(present<ConferenceDescription>)(
    all({
      displayText: text(scope, node, "display-text"),
      subject: text(scope, node, "subject"),
      freeText: text(scope, node, "free-text"),
      keywords: E.map(tokens)(text(scope, node, "keywords")),
      confUris: optional(scope, node, "conf-uris", readUris),
      serviceUris: optional(scope, node, "service-uris", readUris),
      maximumUserCount: E.chain((s: string | undefined) => unsignedInt(scope, "<maximum-user-count>", s))(text(scope, node, "maximum-user-count")),
      availableMedia: optional(scope, node, "available-media", (s, n) =>
        each(children(s, n, "entry"), (u, i) => readAvailableMedium(within(s, `entry[${i + 1}]`), asNode(u))),
      ),
    }),
  );

const readHostInfo = (scope: Scope, node: XmlNode): Read<HostInfo> =>
  E.map(present<HostInfo>)(
    all({ displayText: text(scope, node, "display-text"), webPage: text(scope, node, "web-page"), uris: optional(scope, node, "uris", readUris) }),
  );

const readConferenceState = (scope: Scope, node: XmlNode): Read<ConferenceState> =>
  E.map(present<ConferenceState>)(
    all({
      userCount: E.chain((s: string | undefined) => unsignedInt(scope, "<user-count>", s))(text(scope, node, "user-count")),
      active: E.chain((s: string | undefined) => boolean(scope, "<active>", s))(text(scope, node, "active")),
      locked: E.chain((s: string | undefined) => boolean(scope, "<locked>", s))(text(scope, node, "locked")),
    }),
  );

const readMedia = (scope: Scope, node: XmlNode): Read<Media> => {
  const id = attribute(node, "id");
  if (id === undefined) return fail(scope, "<media> needs its id (RFC 4575 §5.8)");
  return E.map(present<Media>)(
    all({
      id: E.right(id),
      displayText: text(scope, node, "display-text"),
      type: text(scope, node, "type"),
      label: text(scope, node, "label"),
      srcId: text(scope, node, "src-id"),
      status: mediaStatus(scope, node, "status"),
    }),
  );
};

const readSipDialogId = (scope: Scope, node: XmlNode): Read<SipDialogId> =>
  E.map(present<SipDialogId>)(
    all({
      displayText: text(scope, node, "display-text"),
      callId: requiredText(scope, node, "call-id"),
      fromTag: requiredText(scope, node, "from-tag"),
      toTag: requiredText(scope, node, "to-tag"),
    }),
  );

/** §4.5: the key of a user or endpoint. The schema leaves it optional; partial updates cannot work without it. */
const entityOf = (scope: Scope, node: XmlNode, what: string): Read<string> => {
  const entity = attribute(node, "entity");
  return entity === undefined ? fail(scope, `<${what}> needs its entity, its key (RFC 4575 §4.5)`) : E.right(entity);
};

const readEndpoint = (scope: Scope, node: XmlNode): Read<Endpoint> =>
  E.map(present<Endpoint>)(
    all({
      entity: entityOf(scope, node, "endpoint"),
      state: stateAttribute(scope, node),
      displayText: text(scope, node, "display-text"),
      referred: optional(scope, node, "referred", readExecution),
      status: oneOf(ENDPOINT_STATUSES, "an endpoint status (RFC 4575 §5.7.3)")(scope, node, "status"),
      joiningMethod: oneOf(JOINING_METHODS, "a joining method (RFC 4575 §5.7.4)")(scope, node, "joining-method"),
      joiningInfo: optional(scope, node, "joining-info", readExecution),
      disconnectionMethod: oneOf(DISCONNECTION_METHODS, "a disconnection method (RFC 4575 §5.7.6)")(scope, node, "disconnection-method"),
      disconnectionInfo: optional(scope, node, "disconnection-info", readExecution),
      media: each(children(scope, node, "media"), (u, i) => readMedia(within(scope, `media[${i + 1}]`), asNode(u))),
      callInfo: optional(scope, node, "call-info", (s, n) =>
        E.chain((sip: SipDialogId | undefined) => (sip === undefined ? fail(s, "<call-info> holds one <sip>") : E.right(sip)))(optional(s, n, "sip", readSipDialogId)),
      ),
    }),
  );

const readUser = (scope: Scope, node: XmlNode): Read<User> =>
  E.map(present<User>)(
    all({
      entity: entityOf(scope, node, "user"),
      state: stateAttribute(scope, node),
      displayText: text(scope, node, "display-text"),
      associatedAors: optional(scope, node, "associated-aors", readUris),
      roles: optional(scope, node, "roles", (s, n) => each(children(s, n, "entry"), (u, i) => textValue(within(s, `entry[${i + 1}]`), u))),
      languages: E.map(tokens)(text(scope, node, "languages")),
      cascadedFocus: text(scope, node, "cascaded-focus"),
      endpoints: each(children(scope, node, "endpoint"), (u, i) => readEndpoint(within(scope, `endpoint[${i + 1}]`), asNode(u))),
    }),
  );

const readUsers = (scope: Scope, node: XmlNode): Read<Users> =>
  E.map(present<Users>)(
    all({
      state: stateAttribute(scope, node),
      users: each(children(scope, node, "user"), (u, i) => readUser(within(scope, `user[${i + 1}]`), asNode(u))),
    }),
  );

const readSidebarsByVal = (scope: Scope, node: XmlNode): Read<SidebarsByVal> =>
  E.map(present<SidebarsByVal>)(
    all({
      state: stateAttribute(scope, node),
      entries: each(children(scope, node, "entry"), (u, i) => readConference(within(scope, `entry[${i + 1}]`), asNode(u))),
    }),
  );

/** §6 conference-type: the root element or a sidebar by value. */
export const readConference = (scope: Scope, node: XmlNode): Read<Conference> => {
  const entity = attribute(node, "entity");
  if (entity === undefined) return fail(scope, "the entity attribute is required (RFC 4575 §5.2)");
  return pipe(
    all({
      entity: E.right(entity),
      state: stateAttribute(scope, node),
      version: unsignedInt(scope, "version", attribute(node, "version")),
      description: optional(scope, node, "conference-description", readDescription),
      hostInfo: optional(scope, node, "host-info", readHostInfo),
      conferenceState: optional(scope, node, "conference-state", readConferenceState),
      users: optional(scope, node, "users", readUsers),
      sidebarsByRef: optional(scope, node, "sidebars-by-ref", readUris),
      sidebarsByVal: optional(scope, node, "sidebars-by-val", readSidebarsByVal),
    }),
    E.map(present<Conference>),
  );
};
