// HTTPS on the loopback: msal-node refuses http:// authorities and the Graph SDK sends its token only over https
// (../../shared/design/facts.md). A local CA and a certificate for localhost/127.0.0.1 are made once with the `mkcert`
// package (node-forge underneath; what office-addin-dev-certs uses) and kept in a directory (default .data/graph-tls).
// Nothing goes into a system trust store: clients trust ca.pem explicitly.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { createCA, createCert } from "mkcert";

export interface TlsMaterial {
  /** The CA certificate clients must trust (PEM). */
  caPem: string;
  /** Where ca.pem is (for NODE_EXTRA_CA_CERTS). */
  caFile: string;
  cert: string;
  key: string;
}

const VALIDITY_DAYS = 365;
/** Regenerate a little before expiry, so a long-running dev setup never meets an expired certificate mid-session. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

function stillValid(certPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    return Date.parse(cert.validTo) - Date.now() > RENEW_BEFORE_MS && cert.checkHost("localhost") === "localhost";
  } catch {
    return false;
  }
}

/** Loads the CA and server certificate from `dir`, creating (or renewing) them when absent or near expiry. */
export async function loadOrCreateTls(dir: string): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  const names = ["ca.pem", "ca-key.pem", "cert.pem", "key.pem"];
  if (names.every((n) => existsSync(file(n)))) {
    const [caPem, , cert, key] = names.map((n) => readFileSync(file(n), "utf8")) as [string, string, string, string];
    if (stillValid(caPem) && stillValid(cert)) return { caPem, caFile: file("ca.pem"), cert, key };
  }
  const ca = await createCA({
    organization: "InterAction Meeting Sync dev CA (local only)",
    countryCode: "US",
    state: "Local",
    locality: "Loopback",
    validity: VALIDITY_DAYS,
  });
  const server = await createCert({
    domains: ["localhost", "127.0.0.1"],
    validity: VALIDITY_DAYS,
    organization: "InterAction Meeting Sync local Graph",
    ca,
  });
  writeFileSync(file("ca.pem"), ca.cert);
  writeFileSync(file("ca-key.pem"), ca.key, { mode: 0o600 });
  writeFileSync(file("cert.pem"), server.cert);
  writeFileSync(file("key.pem"), server.key, { mode: 0o600 });
  return { caPem: ca.cert, caFile: file("ca.pem"), cert: server.cert, key: server.key };
}
