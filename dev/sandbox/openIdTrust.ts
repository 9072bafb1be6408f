// The sandbox trusting an OpenID issuer the way a firm's InterAction gateway trusts Microsoft Entra ID: the issuer's
// signing keys come from its OpenID metadata (`jwks_uri`), are cached, and are fetched again when a token names a key
// id the cache does not know (Entra rolls its keys); each token is checked for issuer, audience (the InterAction API's
// app id URI or client id), expiry and signature. What the token may do (scope, app role) is decided in auth.ts.
import https from "node:https";
import http from "node:http";
import { rootCertificates } from "node:tls";
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK, type JWTPayload, type KeyLike } from "jose";
import { TokenError } from "./auth";

export interface OpenIdTrustOptions {
  /** The issuer (`iss`), e.g. `https://login.microsoftonline.com/<tenant>/v2.0`; metadata at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  /** Accepted `aud` values: the InterAction API's app id URI (and its client id). */
  audiences: string[];
  /** The delegated scope a user's token must carry, e.g. `access_as_user`. */
  scope: string;
  /** The app role the sync service's token must carry, e.g. `Meetings.Sync`. */
  appRole: string;
  /** A CA to trust besides the system's (the local Graph's dev CA). */
  caPem?: string;
  /** Where the metadata is, when not under the issuer (Entra's v2.0 issuer has it there). */
  metadataUrl?: string;
}

/** Fetches JSON over HTTPS trusting the system CAs and `caPem` (plain http only on the loopback). */
function getJson(url: string, caPem?: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const loopback = u.hostname === "127.0.0.1" || u.hostname === "localhost";
    if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback)) {
      reject(new Error(`The issuer's ${url} is not https.`));
      return;
    }
    const get = u.protocol === "https:" ? https.get : http.get;
    const options = u.protocol === "https:" && caPem ? { ca: [...rootCertificates, caPem] } : {};
    const req = get(url, { ...options, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        if ((res.statusCode ?? 0) >= 400) return reject(new Error(`${url} answered ${res.statusCode ?? 0}.`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch {
          reject(new Error(`${url} did not answer JSON.`));
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`${url} did not answer in time.`)));
    req.on("error", reject);
  });
}

/** Key refreshes for an unknown kid at most this often: a flood of forged kids must not flood the issuer. */
const REFRESH_AT_MOST_EVERY_MS = 5000;

export class OpenIdTrust {
  private keys = new Map<string, KeyLike | Uint8Array>();
  private lastFetch = 0;
  private fetching?: Promise<void>;

  constructor(readonly options: OpenIdTrustOptions) {}

  private async fetchKeys(): Promise<void> {
    const metadataUrl =
      this.options.metadataUrl ?? `${this.options.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const metadata = (await getJson(metadataUrl, this.options.caPem)) as { issuer?: string; jwks_uri?: string };
    if (metadata.issuer !== this.options.issuer || !metadata.jwks_uri)
      throw new Error(`${metadataUrl} does not describe the issuer ${this.options.issuer}.`);
    const jwks = (await getJson(metadata.jwks_uri, this.options.caPem)) as { keys?: JWK[] };
    const next = new Map<string, KeyLike | Uint8Array>();
    for (const jwk of jwks.keys ?? []) {
      if (jwk.kid && jwk.kty === "RSA" && (jwk.use ?? "sig") === "sig")
        next.set(jwk.kid, await importJWK(jwk, "RS256"));
    }
    this.keys = next;
    this.lastFetch = Date.now();
  }

  /** The key for `kid`: from the cache, else after one refresh of the issuer's keys. */
  private async key(kid: string | undefined): Promise<KeyLike | Uint8Array> {
    const cached = kid ? this.keys.get(kid) : undefined;
    if (cached) return cached;
    if (this.lastFetch === 0 || Date.now() - this.lastFetch >= REFRESH_AT_MOST_EVERY_MS) {
      this.fetching ??= this.fetchKeys().finally(() => (this.fetching = undefined));
      try {
        await this.fetching;
      } catch (e) {
        throw new TokenError("invalid", `The issuer's signing keys could not be read: ${(e as Error).message}`);
      }
    }
    const found = kid ? this.keys.get(kid) : undefined;
    if (!found)
      throw new TokenError(
        "signature",
        `The access token was signed with a key (kid '${kid ?? ""}') its issuer does not publish.`,
      );
    return found;
  }

  /** Checks issuer, audience, expiry and signature; answers the claims. Real time (as the sandbox's own tokens). */
  async verify(token: string): Promise<JWTPayload> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new TokenError("malformed", "The access token is not valid.");
    }
    const key = await this.key(kid);
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: this.options.issuer,
        audience: this.options.audiences,
        algorithms: ["RS256"],
        requiredClaims: ["exp", "iat"],
      });
      return payload;
    } catch (e) {
      const code = (e as { code?: string }).code;
      const claim = (e as { claim?: string }).claim;
      if (code === "ERR_JWT_EXPIRED") throw new TokenError("expired", "The access token has expired; sign in again.");
      if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "aud")
        throw new TokenError(
          "audience",
          `The access token is not meant for InterAction: its audience is not ${this.options.audiences.join(" or ")}.`,
        );
      if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "iss")
        throw new TokenError("issuer", "The access token was not issued by a trusted issuer.");
      if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED")
        throw new TokenError("signature", "The access token's signature is not valid.");
      throw new TokenError("invalid", "The access token is not valid.");
    }
  }
}
