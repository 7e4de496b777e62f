// ICE attributes (RFC 8839): candidate, ice-ufrag, ice-pwd, ice-options; end-of-candidates
// (RFC 8840).
import type { Candidate, CandidateExtension, IceOptions } from "./model.js";
import type { Mutable } from "./scan.js";
import { uint, words } from "./scan.js";

/** RFC 8839 §5.6: ice-options:<ice-option-tag> *(SP <ice-option-tag>) */
export const parseIceOptions = (value: string): IceOptions | string => {
  const options = words(value);
  return options.length === 0 ? "ice-options needs at least one option" : { _tag: "IceOptions", options };
};

/**
 * RFC 8839 §5.1: candidate-attribute = "candidate" ":" foundation SP component-id SP transport
 * SP priority SP connection-address SP port SP cand-type [SP rel-addr] [SP rel-port]
 * *(SP cand-extension)
 */
export const parseCandidate = (value: string): Candidate | string => {
  const w = words(value);
  const [foundation, componentText, transport, priorityText, address, portText, typ, type] = w;
  if (
    foundation === undefined ||
    componentText === undefined ||
    transport === undefined ||
    priorityText === undefined ||
    address === undefined ||
    portText === undefined ||
    type === undefined
  )
    return "candidate needs <foundation> <component> <transport> <priority> <address> <port> typ <type>";
  if (typ !== "typ") return "candidate needs `typ` before the candidate type";
  const component = uint(componentText, 5);
  if (component < 1) return "candidate component-id must be 1-99999";
  const priority = uint(priorityText);
  if (priority < 0 || priority > 4294967295) return "candidate priority must be 1*10DIGIT";
  const port = uint(portText, 5);
  if (port < 0 || port > 65535) return "candidate port must be 0-65535";
  let relatedAddress: string | undefined;
  let relatedPort: number | undefined;
  let i = 8;
  if (w[i] === "raddr") {
    relatedAddress = w[i + 1];
    if (relatedAddress === undefined) return "candidate raddr needs an address";
    i += 2;
  }
  if (w[i] === "rport") {
    relatedPort = uint(w[i + 1] ?? "", 5);
    if (relatedPort < 0 || relatedPort > 65535) return "candidate rport must be 0-65535";
    i += 2;
  }
  const extensions: Array<CandidateExtension> = [];
  for (; i < w.length; i += 2) {
    const name = w[i];
    const extValue = w[i + 1];
    if (name === undefined || extValue === undefined) return "candidate extension needs <name> <value>";
    extensions.push({ name, value: extValue });
  }
  // One literal, optional fields added after: candidates are the bulk of a WebRTC description.
  const candidate: Mutable<Candidate> = { _tag: "Candidate", foundation, component, transport, priority, address, port, type, extensions };
  if (relatedAddress !== undefined) candidate.relatedAddress = relatedAddress;
  if (relatedPort !== undefined) candidate.relatedPort = relatedPort;
  return candidate;
};

export const printCandidate = (a: Candidate): string => {
  let s = `candidate:${a.foundation} ${a.component} ${a.transport} ${a.priority} ${a.address} ${a.port} typ ${a.type}`;
  if (a.relatedAddress !== undefined) s += ` raddr ${a.relatedAddress}`;
  if (a.relatedPort !== undefined) s += ` rport ${a.relatedPort}`;
  for (const e of a.extensions) s += ` ${e.name} ${e.value}`;
  return s;
};
