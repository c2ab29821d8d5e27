// The verification section: how to check the manifest and signatures without this tool.
import type { Layout } from '../layout.ts';
import { BODY, SMALL_MUTED, CODE_BG, type Style } from '../palette.ts';
import { facts, subheading } from './blocks.ts';
import type { ReportViewModel } from '../../types.ts';

export function drawVerification(layout: Layout, vm: ReportViewModel): void {
  const v = vm.verification;
  layout.paragraph(
    "The run's manifest lists every evidence object with its SHA-256 and is signed. These checks need only the public key, not the private key or this tool's cooperation.",
    BODY,
    { after: 10 },
  );
  const monoFact: Style = { font: 'mono', size: 8 };
  const cert = vm.signer.pdfCertificate;
  facts(
    layout,
    [
      ['Manifest', v.manifestKey, monoFact],
      ['Manifest SHA-256', v.manifestSha256, monoFact],
      ['Manifest signature', v.manifestSignatureKey, monoFact],
      ['Signer', `${vm.signer.algorithm}, key ${vm.signer.keyId}`],
      ['Public key fingerprint', v.publicKeyFingerprint, monoFact],
      ['Detached signatures', `Each report file F has F.sig beside it: ${vm.signer.algorithm} over the file's exact bytes${v.pades ? ", made after the PDF's embedded signature" : ''}.`],
      ...(cert
        ? ([
            ['PDF signature (PAdES)', `ETSI.CAdES.detached, embedded in this file, by ${cert.subject}; issued by ${cert.issuer}`],
            ['Certificate serial', cert.serialNumber, monoFact],
            ['Certificate validity', `${cert.notBefore} to ${cert.notAfter}`],
            ['Certificate SHA-256', cert.sha256, monoFact],
          ] as [string, string, Style?][])
        : []),
    ],
    120,
  );
  layout.paragraph('The fingerprint is the SHA-256 of the DER-encoded public key.', SMALL_MUTED, { after: 10 });
  subheading(layout, 'Commands');
  if (v.commands.length === 0) {
    layout.paragraph('None.');
    return;
  }
  v.commands.forEach((c, i) => {
    layout.ensure(40);
    layout.paragraph(`${i + 1}. ${c.label}`, { font: 'bold', size: 9 }, { after: 2 });
    layout.paragraph(c.command, { font: 'mono', size: 8 }, { background: CODE_BG, after: 10 });
  });
}
