/**
 * Test certificates made with the openssl CLI: a CA, a server certificate for
 * 127.0.0.1 / localhost signed by it, a client certificate signed by it, and a
 * second, unrelated CA (for "wrong CA" tests). EC P-256 keys, unencrypted PEM.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface CertFiles {
  /** Directory that holds all the files below. */
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here: a client trusting it must reject the server. */
  otherCaCert: string;
  otherCaKey: string;
  /** Reads one of the files above as a string (PEM text). */
  pem(file: string): string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

function makeCa(dir: string, name: string, cn: string): void {
  openssl(
    [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "3650", "-subj", `/CN=${cn}`,
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
}

function makeLeaf(dir: string, name: string, cn: string, ext: string): void {
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(
    [
      "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`,
    ],
    dir,
  );
  openssl(
    [
      "x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
      "-out", `${name}.crt`, "-days", "3650", "-extfile", `${name}.ext`,
    ],
    dir,
  );
}

/** Generates a fresh set of certificates in dir (created if missing). */
export function generateCerts(dir: string): CertFiles {
  mkdirSync(dir, { recursive: true });
  makeCa(dir, "ca", "nodemcu-mqtt test CA");
  makeCa(dir, "other-ca", "unrelated test CA");
  makeLeaf(
    dir,
    "server",
    "localhost",
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n" +
      "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n",
  );
  makeLeaf(
    dir,
    "client",
    "test-client",
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n",
  );
  const at = (f: string) => path.join(dir, f);
  return {
    dir,
    caCert: at("ca.crt"),
    caKey: at("ca.key"),
    serverCert: at("server.crt"),
    serverKey: at("server.key"),
    clientCert: at("client.crt"),
    clientKey: at("client.key"),
    otherCaCert: at("other-ca.crt"),
    otherCaKey: at("other-ca.key"),
    pem: (file: string) => readFileSync(file, "utf8"),
  };
}
