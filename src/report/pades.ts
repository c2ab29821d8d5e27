// Embedded PDF signature (PAdES baseline B-B): a CAdES detached CMS signature over the finished
// PDF's bytes, with the certificate from a PKCS#12 file. The placeholder is added to the
// finished file as an incremental update (@signpdf/placeholder-plain), then @signpdf fills it.
//
// The CMS is built here rather than with @signpdf/signer-p12 because PAdES wants the ESS
// signing-certificate-v2 attribute and no signing-time attribute (the claimed time is the
// signature dictionary's /M): SubFilter ETSI.CAdES.detached. RSA keys only (node-forge reads
// PKCS#12 files; the signature itself is made by node:crypto).
import { createHash, createPrivateKey, sign as cryptoSign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type forge from 'node-forge';
import type * as Placeholder from '@signpdf/placeholder-plain';
import type * as SignPdfLib from '@signpdf/signpdf';
import type { CertificateView } from './types.ts';
import { EvidenceError } from '../domain/index.ts';

export class PdfSigningError extends EvidenceError {
  override readonly name = 'PdfSigningError';
}

// node-forge and @signpdf are loaded when a PKCS#12 file is read, not on import: most processes
// that import the report folder never sign a PDF, and loading them cost each one CPU time.
interface Libs {
  forge: typeof forge;
  placeholder: typeof Placeholder;
  signpdf: typeof SignPdfLib;
}
let libs: Libs | undefined;
function load(): Libs {
  if (!libs) {
    const req = createRequire(import.meta.url);
    libs = { forge: req('node-forge') as typeof forge, placeholder: req('@signpdf/placeholder-plain') as typeof Placeholder, signpdf: req('@signpdf/signpdf') as typeof SignPdfLib };
  }
  return libs;
}
type Asn1 = forge.asn1.Asn1;
const asn1 = (): typeof forge.asn1 => load().forge.asn1;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

/** PKCS#12 bag types. */
const BAG = { key: '1.2.840.113549.1.12.10.1.1', pkcs8ShroudedKey: '1.2.840.113549.1.12.10.1.2', cert: '1.2.840.113549.1.12.10.1.3' } as const;

/** A universal-class ASN.1 value. */
const universal = (type: (t: typeof forge.asn1.Type) => number, constructed: boolean, value: string | Asn1[]): Asn1 => {
  const a = asn1();
  return a.create(a.Class.UNIVERSAL, type(a.Type), constructed, value);
};
/** A context-specific [tag] wrapping `value`. */
const tagged = (tag: number, value: Asn1[]): Asn1 => asn1().create(asn1().Class.CONTEXT_SPECIFIC, tag, true, value);
const oid = (o: string): Asn1 => universal((t) => t.OID, false, asn1().oidToDer(o).getBytes());
const seq = (v: Asn1[]): Asn1 => universal((t) => t.SEQUENCE, true, v);
const set = (v: Asn1[]): Asn1 => universal((t) => t.SET, true, v);
const octets = (b: Buffer): Asn1 => universal((t) => t.OCTETSTRING, false, b.toString('binary'));
const int = (n: number): Asn1 => universal((t) => t.INTEGER, false, asn1().integerToDer(n).getBytes());
const nul = (): Asn1 => universal((t) => t.NULL, false, '');
const der = (a: Asn1): Buffer => Buffer.from(asn1().toDer(a).getBytes(), 'binary');
const fromDer = (b: Buffer): Asn1 => asn1().fromDer(load().forge.util.createBuffer(b.toString('binary')));

export interface PadesSignOptions {
  /** The claimed signing time (/M); pass a fixed one for byte-stable output. */
  signingTime: Date;
  reason: string;
  location?: string;
  contactInfo?: string;
}

export interface PadesCredentials {
  certificate: CertificateView;
  sign(pdf: Buffer, opts: PadesSignOptions): Promise<Buffer>;
}

function certificateView(certDer: Buffer): CertificateView {
  const x = new X509Certificate(certDer);
  const dn = (s: string): string => s.split('\n').filter(Boolean).join(', ');
  return {
    subject: dn(x.subject),
    issuer: dn(x.issuer),
    serialNumber: x.serialNumber.toLowerCase(),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    sha256: createHash('sha256').update(certDer).digest('hex'),
  };
}

/** A CAdES detached signer for @signpdf: signs the bytes outside the /Contents placeholder. */
const cadesSigner = (key: KeyObject, signerCert: Buffer, chain: Buffer[]): SignPdfLib.Signer => new (class CadesSigner extends load().signpdf.Signer {
  constructor(
    private readonly key: KeyObject,
    private readonly signerCert: Buffer,
    private readonly chain: Buffer[],
  ) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const certAsn1 = fromDer(this.signerCert);
    const tbs = certAsn1.value[0] as Asn1;
    const tbsFields = tbs.value as Asn1[];
    // tbsCertificate: [0] version (optional), serialNumber, signature, issuer, ...
    const shift = tbsFields[0]?.tagClass === asn1().Class.CONTEXT_SPECIFIC ? 1 : 0;
    const serial = tbsFields[shift]!;
    const issuer = tbsFields[shift + 2]!;

    const digest = createHash('sha256').update(content).digest();
    const certHash = createHash('sha256').update(this.signerCert).digest();
    const attribute = (type: string, value: Asn1): Asn1 => seq([oid(type), set([value])]);
    // ESSCertIDv2 with the default hash algorithm (SHA-256) omitted, as DER requires.
    const essCertIdV2 = seq([octets(certHash), seq([seq([tagged(4, [issuer])]), serial])]);
    const attrs = [
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.messageDigest, octets(digest)),
      attribute(OID.signingCertificateV2, seq([seq([essCertIdV2])])),
    ];
    // DER: the elements of a SET OF are sorted by their encodings.
    const sorted = attrs.map((a) => ({ a, d: der(a) })).sort((x, y) => Buffer.compare(x.d, y.d));
    const signedAttrsForSignature = set(sorted.map((s) => s.a));
    const signature = cryptoSign('sha256', der(signedAttrsForSignature), this.key);

    const signerInfo = seq([
      int(1),
      seq([issuer, serial]),
      seq([oid(OID.sha256)]),
      tagged(0, sorted.map((s) => s.a)),
      seq([oid(OID.rsaEncryption), nul()]),
      octets(signature),
    ]);
    const signedData = seq([
      int(1),
      set([seq([oid(OID.sha256)])]),
      seq([oid(OID.data)]),
      tagged(0, this.chain.map(fromDer)),
      set([signerInfo]),
    ]);
    return der(seq([oid(OID.signedData), tagged(0, [signedData])]));
  }
})(key, signerCert, chain);

/** Reads a PKCS#12 (.p12/.pfx) holding an RSA key and its certificate (and optionally the chain). */
export function padesCredentialsFromPkcs12(p12: Buffer, password: string): PadesCredentials {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = load().forge.pkcs12.pkcs12FromAsn1(fromDer(p12), false, password);
  } catch (err) {
    throw new PdfSigningError(`cannot read the PKCS#12 file (wrong password, or not PKCS#12 with an RSA key): ${(err as Error).message}`, { cause: err });
  }
  const bags = (type: string): forge.pkcs12.Bag[] => parsed.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bags(BAG.pkcs8ShroudedKey), ...bags(BAG.key)].find((b) => b.key);
  const certs = bags(BAG.cert).flatMap((b) => (b.cert ? [b.cert] : []));
  if (!keyBag?.key) throw new PdfSigningError('the PKCS#12 file holds no RSA private key');
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  const mine = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e?.compareTo(key.e) === 0;
  });
  if (!mine) throw new PdfSigningError('the PKCS#12 file holds no certificate for its private key');
  const { pki } = load().forge;
  const toDer = (c: forge.pki.Certificate): Buffer => der(pki.certificateToAsn1(c));
  const signerCert = toDer(mine);
  const chain = [signerCert, ...certs.filter((c) => c !== mine).map(toDer)];
  const keyObject = createPrivateKey(pki.privateKeyToPem(key));
  const certificate = certificateView(signerCert);
  const signer = cadesSigner(keyObject, signerCert, chain);
  const signatureLength = Math.max(8192, chain.reduce((n, c) => n + c.length, 0) + 4096);
  return {
    certificate,
    async sign(pdf, opts) {
      const at = opts.signingTime;
      const notBefore = new Date(certificate.notBefore);
      const notAfter = new Date(certificate.notAfter);
      if (at < notBefore || at > notAfter) {
        throw new PdfSigningError(`the signing certificate (${certificate.subject}) is valid ${certificate.notBefore} to ${certificate.notAfter}, not at ${at.toISOString()}`);
      }
      const withPlaceholder = load().placeholder.plainAddPlaceholder({
        pdfBuffer: pdf,
        reason: opts.reason,
        contactInfo: opts.contactInfo ?? '',
        name: certificate.subject,
        location: opts.location ?? '',
        signingTime: at,
        signatureLength,
        subFilter: 'ETSI.CAdES.detached',
        appName: 'aws-evidence-collector',
      });
      return new (load().signpdf.SignPdf)().sign(withPlaceholder, signer, at);
    },
  };
}

export async function loadPadesCredentials(file: string, password: string): Promise<PadesCredentials> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new PdfSigningError(`cannot read the PKCS#12 file ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return padesCredentialsFromPkcs12(bytes, password);
  } catch (err) {
    if (err instanceof PdfSigningError) throw new PdfSigningError(`${file}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** The PAdES credentials a config names (`reports.pdf.pkcs12`, password in the `passwordEnv` variable), or null. */
export async function padesFromConfig(pdf: { pkcs12: string; passwordEnv: string } | undefined, resolve: (p: string) => string, env: NodeJS.ProcessEnv = process.env): Promise<PadesCredentials | null> {
  if (!pdf) return null;
  const password = env[pdf.passwordEnv];
  if (password === undefined) throw new PdfSigningError(`reports.pdf.pkcs12 is set, but the environment variable ${pdf.passwordEnv} with its password is not`);
  return loadPadesCredentials(resolve(pdf.pkcs12), password);
}
