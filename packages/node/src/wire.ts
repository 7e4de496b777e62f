// Putting messages on the wire (§18): a request through the transport its destination names,
// as the transaction layer decided it (§18.1.1: its top Via already names the transport and
// sent-by, including the switch of a large request from UDP to TCP), so it is printed once and
// sent as it is; a response back the way its request came (§18.2.2: the same connection, else
// maddr, received/rport, else the sent-by resolved per RFC 3263 §5). The rules themselves are
// @puresip/kernel's. Failures come back as Left values, logged and counted once here.
import * as E from "fp-ts/lib/Either.js";
import { serializeMessage } from "@puresip/message";
import type { SipRequest, SipResponse, Uri } from "@puresip/message";
import type { Peer } from "@puresip/kernel";
import { DEFAULT_TCP_THRESHOLD, isReliableTransport, mustSwitchToTcp, responseDestination, stampSentBy, viaSays } from "@puresip/kernel";
import type { Counters, Logger } from "./log.js";
import { formatAddress } from "./log.js";
import type { Address, Transport } from "./transport/types.js";

/** RFC 3263 for the wire: targets in failover order, or why there are none. */
export type TargetResolver = (target: { readonly target: Uri; readonly transport: string }) => Promise<E.Either<string, ReadonlyArray<Peer>>>;

/** What the wire needs: the listening transports, a resolver (RFC 3263), logs and counters, and the UDP size threshold of RFC 3261 §18.1.1. */
export interface WireOptions {
  /** Listening transports by Via token ("UDP", "TCP", "TLS", "WS", "WSS"). */
  readonly transports: ReadonlyMap<string, Transport>;
  readonly resolve: TargetResolver;
  readonly log: Logger;
  readonly counters: Counters;
  /** §18.1.1: requests over UDP larger than this go over TCP when the stack has TCP; `false` never switches. */
  readonly tcpThreshold?: number | false;
  /** The sent-by written into the top Via for a transport (default: its bound address). */
  readonly sentBy?: (transport: Transport) => Address;
}

const peerAddress = (p: Peer): Address => ({ host: p.host, port: p.port });

/** Sends messages on the transports: picks the transport and target, writes the top Via's sent-by, switches large requests from UDP to TCP (RFC 3261 §18.1.1). */
export class Wire {
  /**
   * The bytes of each request sent, so its transaction's retransmissions (Timers A and E) are
   * not printed again. Responses are not kept: most are sent once.
   */
  private readonly printed = new WeakMap<SipRequest, Uint8Array>();

  constructor(private readonly opts: WireOptions) {}

  /** The transport for a Via token. */
  transportFor(name: string): Transport | undefined {
    return this.opts.transports.get(name.toUpperCase());
  }

  /** The sent-by this stack writes into the Via for `transport`. */
  sentByOf(transport: Transport): Address {
    return this.opts.sentBy?.(transport) ?? transport.local;
  }

  /**
   * §18.1.1: a request whose top Via already names the transport that carries it (the
   * transaction layer decided it) goes as it is; one moved to TCP that cannot connect goes
   * over UDP after all. Any other request is stamped here, as for an element that does not
   * decide (`decide` below).
   */
  async sendRequest(request: SipRequest, destination: Peer): Promise<E.Either<string, void>> {
    const asked = destination.transport.toUpperCase();
    const top = request.core.via[0];
    const own = this.transportFor(asked);
    if (top !== undefined && own !== undefined) {
      if (viaSays(top, asked, this.sentByOf(own))) {
        const sent = await this.sendVia({ transport: own, bytes: this.bytesOf(request) }, destination);
        return E.isLeft(sent) ? this.failed(asked, destination, sent.left) : sent;
      }
      const tcp = this.transportFor("TCP");
      const threshold = this.opts.tcpThreshold ?? DEFAULT_TCP_THRESHOLD;
      // Moved to TCP for its size (§18.1.1); a small request saying TCP was made for another destination.
      if (asked === "UDP" && tcp !== undefined && threshold !== false && viaSays(top, "TCP", this.sentByOf(tcp)) && mustSwitchToTcp(asked, this.bytesOf(request).length, threshold)) {
        const viaTcp = await this.sendVia({ transport: tcp, bytes: this.bytesOf(request) }, destination);
        if (E.isRight(viaTcp)) return viaTcp;
        this.opts.log({ _tag: "SendFailed", level: "info", transport: "TCP", destination: formatAddress(destination.host, destination.port), detail: `${viaTcp.left}; sending the large request over UDP after all (§18.1.1)` });
        const overUdp = this.encode(request, asked);
        const sent = E.isRight(overUdp) ? await this.sendVia(overUdp.right, destination) : overUdp;
        return E.isLeft(sent) ? this.failed(asked, destination, sent.left) : sent;
      }
    }
    return this.decide(request, destination);
  }

  /** §18.1.1 for a request nobody decided: the transport actually used, its sent-by in the top Via, then the bytes. */
  private async decide(request: SipRequest, destination: Peer): Promise<E.Either<string, void>> {
    const asked = destination.transport.toUpperCase();
    const first = this.encode(request, asked);
    if (E.isLeft(first)) return this.failed(asked, destination, first.left);
    const threshold = this.opts.tcpThreshold ?? DEFAULT_TCP_THRESHOLD;
    if (threshold !== false && this.transportFor("TCP") !== undefined && mustSwitchToTcp(asked, first.right.bytes.length, threshold)) {
      const overTcp = this.encode(request, "TCP");
      const viaTcp = E.isRight(overTcp) ? await this.sendVia(overTcp.right, destination) : overTcp;
      if (E.isRight(viaTcp)) return viaTcp;
      // §18.1.1: a request moved to TCP that cannot connect "SHOULD" be retried over UDP.
      this.opts.log({ _tag: "SendFailed", level: "info", transport: "TCP", destination: formatAddress(destination.host, destination.port), detail: `${viaTcp.left}; sending the large request over UDP after all (§18.1.1)` });
    }
    const sent = await this.sendVia(first.right, destination);
    return E.isLeft(sent) ? this.failed(asked, destination, sent.left) : sent;
  }

  /**
   * §18.2.2: on the request's connection while it is open; else `maddr`; else `received`
   * (and `rport`'s port over UDP, RFC 3581 §4), else the sent-by, resolved per RFC 3263 §5.
   */
  async sendResponse(response: SipResponse, requestSource: Peer): Promise<E.Either<string, void>> {
    const transport = this.transportFor(requestSource.transport);
    if (transport === undefined) return this.failed(requestSource.transport, requestSource, `no ${requestSource.transport} transport for a response`);
    const destination = responseDestination(response, { reliableConnectionAlive: transport.hasConnection(peerAddress(requestSource)) });
    if (E.isLeft(destination)) return this.failed(requestSource.transport, requestSource, `the response cannot be routed: ${destination.left._tag}`);
    const d = destination.right;
    let to: Address;
    switch (d._tag) {
      case "SameConnection":
        to = peerAddress(requestSource);
        break;
      case "Multicast":
        to = { host: d.host, port: d.port };
        break;
      case "Address": {
        if (!d.resolve) {
          to = { host: d.host, port: d.port };
          break;
        }
        const found = await this.sentByAddress(d.transport, d.host, d.port);
        if (E.isLeft(found)) return this.failed(d.transport, requestSource, found.left);
        to = found.right;
        break;
      }
      default:
        return d satisfies never;
    }
    const bytes = serializeMessage(response);
    const sent = await transport.send(bytes, to);
    if (E.isRight(sent)) {
      this.opts.counters.add("messagesOut");
      return E.right(undefined);
    }
    // §18.2.2: "If that connection attempt fails, the server SHOULD use the procedures in [4]
    // for servers in order to determine the IP address and port to open the connection and
    // send the response to": the sent-by, per RFC 3263 §5.
    const via = response.core.via[0];
    if (d._tag === "Address" && d.from === "received" && isReliableTransport(d.transport) && via !== undefined) {
      const sentBy = via.host._tag === "Hostname" ? await this.sentByAddress(d.transport, via.host.value, d.port) : E.right({ host: via.host.value, port: d.port });
      if (E.isRight(sentBy) && (sentBy.right.host !== to.host || sentBy.right.port !== to.port)) {
        this.opts.log({ _tag: "SendFailed", level: "info", transport: d.transport, destination: formatAddress(to.host, to.port), detail: `${sent.left.detail}; trying the sent-by (§18.2.2, RFC 3263 §5)` });
        const again = await transport.send(bytes, sentBy.right);
        if (E.isRight(again)) {
          this.opts.counters.add("messagesOut");
          return E.right(undefined);
        }
        return this.failed(d.transport, { ...requestSource, ...sentBy.right }, again.left.detail);
      }
    }
    return this.failed(requestSource.transport, { ...requestSource, host: to.host, port: to.port }, sent.left.detail);
  }

  /** RFC 3263 §5: the address of a sent-by host name (the first the resolver gives). */
  private async sentByAddress(transport: string, host: string, port: number): Promise<E.Either<string, Address>> {
    const found = await this.opts.resolve({ target: { _tag: "SipUri", scheme: "sip", host: { _tag: "Hostname", value: host }, port, params: [{ name: "transport", value: transport.toLowerCase() }], headers: [] }, transport });
    const first = E.isRight(found) ? found.right[0] : undefined;
    return first === undefined ? E.left(`the sent-by ${host} does not resolve (RFC 3263 §5)`) : E.right(peerAddress(first));
  }

  /** The request as `transportName` sends it: that transport's sent-by in the top Via, printed once. */
  private encode(request: SipRequest, transportName: string): E.Either<string, { readonly transport: Transport; readonly bytes: Uint8Array }> {
    const transport = this.transportFor(transportName);
    if (transport === undefined) return E.left(`no ${transportName} transport on this stack`);
    const stamped = stampSentBy(transportName, this.sentByOf(transport))(request);
    return E.isLeft(stamped) ? stamped : E.right({ transport, bytes: this.bytesOf(stamped.right) });
  }

  private bytesOf(message: SipRequest): Uint8Array {
    const known = this.printed.get(message);
    if (known !== undefined) return known;
    const bytes = serializeMessage(message);
    this.printed.set(message, bytes);
    return bytes;
  }

  private async sendVia(encoded: { readonly transport: Transport; readonly bytes: Uint8Array }, destination: Peer): Promise<E.Either<string, void>> {
    const sent = await encoded.transport.send(encoded.bytes, peerAddress(destination));
    if (E.isLeft(sent)) return E.left(sent.left.detail);
    this.opts.counters.add("messagesOut");
    return E.right(undefined);
  }

  private failed(transport: string, destination: Peer, detail: string): E.Either<string, never> {
    this.opts.counters.add("sendFailures");
    this.opts.log({ _tag: "SendFailed", level: "warn", transport, destination: formatAddress(destination.host, destination.port), detail });
    return E.left(detail);
  }
}
