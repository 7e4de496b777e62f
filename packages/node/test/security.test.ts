// RFC 3261 §26 on the TLS transport: who is believed (the roots and the name in the site
// certificate), mutual and one-way authentication, and the connection kept after REGISTER.
import { readFileSync } from "node:fs";
import { connect } from "node:tls";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, describe, expect, it } from "vitest";
import type { Transport } from "../src/index.js";
import { listenTls } from "../src/index.js";
import type { TlsOptions } from "../src/transport/tls.js";
import type { Recorder } from "./helpers.js";
import { enc, options, recorder, waitFor } from "./helpers.js";

// The fixture is self-signed for localhost and 127.0.0.1: no system root vouches for it.
const cert = readFileSync(new URL("./fixtures/cert.pem", import.meta.url), "utf8");
const key = readFileSync(new URL("./fixtures/key.pem", import.meta.url), "utf8");

const open: Array<Transport> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

const tls = async (r: Recorder, extra: Partial<TlsOptions> = {}): Promise<Transport> => {
  const t = await listenTls({ host: "127.0.0.1", port: 0, cert, key, ...extra }, r.hooks);
  open.push(t);
  return t;
};

const request = (method: "REGISTER" | "INVITE", branch: string): Uint8Array =>
  enc(options(branch, "SIP/2.0/TLS 127.0.0.1:5061").replace("OPTIONS sip:bob@127.0.0.1", `${method} sips:127.0.0.1`).replace("CSeq: 63104 OPTIONS", `CSeq: 1 ${method}`));

/** A client outside puresip, without a certificate of its own: writes one request, resolves when the connection ends. */
const bareClient = (port: number, bytes: Uint8Array): Promise<"closed"> =>
  new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port, ca: cert }, () => {
      socket.write(bytes);
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      done("closed");
    });
    // Ends the connection once the server has had the request (one-way case); a refused
    // handshake closes it first.
    socket.on("data", () => socket.end());
  });

describe("RFC 3261 §26.2.2, §26.3.1, §26.3.2.1: the server's certificate is checked against the roots and the domain", () => {
  it("RFC3261-26.2.2-2, RFC3261-26.3.1-5, RFC3261-26.3.2.1-3, RFC3261-26.3.2.1-4, RFC3261-26.3.2.3-2: with the default roots a client refuses a certificate no root vouches for, and sends nothing", async () => {
    const server = recorder();
    const b = await tls(server);
    const a = await tls(recorder());
    const sent = await a.send(request("REGISTER", "z9hG4bKnoroot"), b.local);
    expect(E.isLeft(sent)).toBe(true);
    expect(a.hasConnection(b.local)).toBe(false);
    expect(server.inbound).toHaveLength(0);
    // The same client given the root that signed it goes ahead: the refusal was the root's doing.
    const trusting = await tls(recorder(), { ca: cert });
    expect(E.isRight(await trusting.send(request("REGISTER", "z9hG4bKroot"), b.local))).toBe(true);
    expect((await server.next()).transport).toBe("TLS");
  });

  it("RFC3261-26.3.2.1-2, RFC3261-26.3.2.2-7, RFC3261-26.3.2.2-8: a certificate for another domain than the one the client means to reach is refused", async () => {
    const server = recorder();
    const b = await tls(server);
    // The certificate names localhost; the client set out for biloxi.example (RFC 5922 §7).
    const a = await tls(recorder(), { ca: cert, servername: () => "biloxi.example" });
    expect(E.isLeft(await a.send(request("INVITE", "z9hG4bKwrongsite"), b.local))).toBe(true);
    expect(server.inbound).toHaveLength(0);
    const right = await tls(recorder(), { ca: cert, servername: () => "localhost" });
    expect(E.isRight(await right.send(request("INVITE", "z9hG4bKrightsite"), b.local))).toBe(true);
    expect((await server.next()).transport).toBe("TLS");
  });
});

describe("RFC 3261 §26.3.1: mutual and one-way TLS authentication", () => {
  it("RFC3261-26.3.1-1, RFC3261-26.3.2.2-6, RFC3261-26.3.2.2-9: with requestCert a server refuses a client without a certificate and accepts one its roots vouch for", async () => {
    const server = recorder();
    const b = await tls(server, { ca: cert, requestCert: true });
    expect(await bareClient(b.local.port, request("INVITE", "z9hG4bKbare"))).toBe("closed");
    expect(server.inbound).toHaveLength(0);
    const peer = await tls(recorder(), { ca: cert });
    expect(E.isRight(await peer.send(request("INVITE", "z9hG4bKmutual"), b.local))).toBe(true);
    const got = await server.next();
    expect(E.isRight(got.parsed) && got.parsed.right._tag === "Request" && got.parsed.right.method).toBe("INVITE");
  });

  it("RFC3261-26.3.1-1: by default (one-way) a server takes requests from a client that shows no certificate", async () => {
    const server = recorder();
    const b = await tls(server);
    const closed = bareClient(b.local.port, request("INVITE", "z9hG4bKoneway"));
    const got = await server.next();
    expect(E.isRight(got.parsed) && got.parsed.right._tag === "Request" && got.parsed.right.method).toBe("INVITE");
    // The test's own client goes away once the server answers; answer so it ends.
    expect(E.isRight(await b.send(enc("SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n"), got.source, got.connection))).toBe(true);
    expect(await closed).toBe("closed");
  });
});

describe("RFC 3261 §26.3.2.1, §26.3.2.2: the TLS connection of the REGISTER stays open and carries the INVITE", () => {
  it("RFC3261-26.3.2.1-1, RFC3261-26.3.2.1-10, RFC3261-26.3.2.2-2: REGISTER over TLS, its answer back on the connection, then the INVITE on that same connection", async () => {
    const server = recorder();
    const client = recorder();
    const registrar = await tls(server, { ca: cert });
    const ua = await tls(client, { ca: cert });
    expect(E.isRight(await ua.send(request("REGISTER", "z9hG4bKreg"), registrar.local))).toBe(true);
    const register = await server.next();
    expect(E.isRight(await registrar.send(enc("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"), register.source, register.connection))).toBe(true);
    await waitFor(() => (client.inbound.length > 0 ? true : undefined), "the 200 to the REGISTER");
    expect(E.isRight(await ua.send(request("INVITE", "z9hG4bKinv"), registrar.local))).toBe(true);
    const invite = await server.next();
    expect(invite.connection).toBe(register.connection);
    expect(client.counters.snapshot().connections).toBe(1);
    expect(server.counters.snapshot().connections).toBe(1);
  });
});

describe("RFC 3261 §26.2.1: the TLS ciphersuite every element supports", () => {
  it("RFC3261-26.2.1-1: a listenTls server with an RSA certificate (the suite's key exchange needs one) accepts a TLS 1.2 client that offers TLS_RSA_WITH_AES_128_CBC_SHA alone", async () => {
    // A second fixture, RSA (the first is EC, with which no TLS_RSA_* suite can be negotiated).
    const rsaCert = readFileSync(new URL("./fixtures/rsa-cert.pem", import.meta.url), "utf8");
    const rsaKey = readFileSync(new URL("./fixtures/rsa-key.pem", import.meta.url), "utf8");
    const server = recorder();
    const b = await tls(server, { cert: rsaCert, key: rsaKey });
    const suite = await new Promise<string>((done, fail) => {
      const socket = connect({ host: "127.0.0.1", port: b.local.port, ca: rsaCert, servername: "localhost", ciphers: "AES128-SHA", maxVersion: "TLSv1.2" }, () => {
        const chosen = socket.getCipher().standardName;
        socket.write(request("INVITE", "z9hG4bKaes128"));
        done(chosen);
      });
      socket.on("error", fail);
      socket.on("data", () => socket.end());
    });
    expect(suite).toBe("TLS_RSA_WITH_AES_128_CBC_SHA");
    expect((await server.next()).transport).toBe("TLS");
  });
});
