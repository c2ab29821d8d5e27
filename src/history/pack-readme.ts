// The pack's README.md: what is inside and how to verify it offline, with this tool and with
// OpenSSL alone. The shell block is a complete script (POSIX sh, openssl and core utilities):
// the tests run it as written against real packs, intact and tampered.
import type { SignatureAlgorithm } from '../sign/index.ts';

export interface ReadmeInput {
  zipName: string;
  monthLabel: string;
  monthId: string;
  signer: { algorithm: SignatureAlgorithm; keyId: string; keyFile: string; fingerprint: string };
  runsIncluded: number;
  runsExcluded: number;
  reportsRunId: string;
  reportFiles: string[];
}

export const SCRIPT_START = '```sh\n# --- offline verification script ---\n';
export const SCRIPT_END = '# --- end of script ---\n```';

/** The openssl command that checks a raw signature file, for the signer's algorithm. */
export function opensslVerify(algorithm: SignatureAlgorithm, key: string, file: string, sig: string): string {
  return algorithm === 'Ed25519'
    ? `openssl pkeyutl -verify -pubin -inkey ${key} -rawin -in ${file} -sigfile ${sig}`
    : `openssl dgst -sha256 -verify ${key} -signature ${sig} ${file}`;
}

export function offlineScript(keyFile: string, algorithm: SignatureAlgorithm): string {
  return `${SCRIPT_START}set -eu
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "PACK VERIFICATION FAILED: $*"; exit 1; }
KEY=${keyFile}
echo "pack signing key sha256 (compare with the one the signer published):"
openssl pkey -pubin -in "$KEY" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1

# 1. The list of files and their sha256 is signed by that key.
${opensslVerify(algorithm, '"$KEY"', 'SHA256SUMS', 'SHA256SUMS.sig')} >/dev/null || fail "SHA256SUMS: bad signature"

# 2. Every listed file is there, with its listed sha256; nothing else is in the folder.
while read -r sum name; do
  [ -f "$name" ] || fail "missing file: $name"
  [ "$(openssl dgst -sha256 -r "$name" | cut -d' ' -f1)" = "$sum" ] || fail "changed file: $name"
done < SHA256SUMS
cut -d' ' -f3- SHA256SUMS | LC_ALL=C sort > "$T/listed"
find . -type f ! -path ./SHA256SUMS ! -path ./SHA256SUMS.sig | sed 's|^\\./||' | LC_ALL=C sort > "$T/present"
extra=$(LC_ALL=C comm -13 "$T/listed" "$T/present")
[ -z "$extra" ] || fail "file not listed in SHA256SUMS: $extra"

# 3. Every manifest and report matches its detached signature (<file>.sig, JSON).
check_sig() {
  alg=$(grep '"algorithm"' "$1.sig" | cut -d'"' -f4)
  key=keys/$(grep '"keyId"' "$1.sig" | cut -d'"' -f4 | tr : -).pem
  grep '"signature"' "$1.sig" | cut -d'"' -f4 | openssl base64 -d -A > "$T/sig"
  if [ "$alg" = Ed25519 ]; then
    openssl pkeyutl -verify -pubin -inkey "$key" -rawin -in "$1" -sigfile "$T/sig" >/dev/null || fail "bad signature: $1"
  else
    openssl dgst -sha256 -verify "$key" -signature "$T/sig" "$1" >/dev/null || fail "bad signature: $1"
  fi
}
for f in runs/*/manifest.json reports/*; do
  case "$f" in *.sig) continue ;; esac
  check_sig "$f"
done

# 4. Each manifest chains to the one before it (sha256 of its bytes), where that run is in the pack.
prev=""
for m in runs/*/manifest.json; do
  want=$(sed -n '/"previousManifest": {/,/}/p' "$m" | grep '"sha256"' | cut -d'"' -f4)
  from=$(sed -n '/"previousManifest": {/,/}/p' "$m" | grep '"runId"' | cut -d'"' -f4)
  if [ -n "$prev" ] && [ "$from" = "$(basename "$(dirname "$prev")")" ]; then
    [ "$(openssl dgst -sha256 -r "$prev" | cut -d' ' -f1)" = "$want" ] || fail "broken chain: $m does not chain to $prev"
  else
    echo "note: $m chains to run \${from:-none}, which is not in the pack (see pack.json: chainAnchor, excluded)"
  fi
  prev=$m
done
echo "PACK VERIFIED"
${SCRIPT_END}`;
}

export function renderReadme(r: ReadmeInput): string {
  const { signer } = r;
  const sigCmd = opensslVerify(signer.algorithm, signer.keyFile, 'SHA256SUMS', 'SHA256SUMS.sig');
  return `# Monthly review pack: ${r.monthLabel}

Compliance evidence for ${r.monthLabel} (${r.monthId}, UTC), written by aws-evidence-collector from
the signed runs in its evidence store. ${r.runsIncluded} run(s) verified and included${r.runsExcluded ? `; ${r.runsExcluded} run(s) excluded, each with the reason (summary.pdf, pack.json)` : ''}.

## Contents

| file | what |
|---|---|
| \`summary.pdf\` | the month: trend per framework and day, controls that changed between the month's first and last complete run, open exceptions and their expiry, coverage gaps, runs included and excluded |
| \`reports/<framework>.<format>\` + \`.sig\` | the signed reports of the month's last complete run, \`${r.reportsRunId}\` (${r.reportFiles.length} file(s)) |
| \`runs/<runId>/manifest.json\` + \`.sig\` | every included run's signed manifest: each evidence object's key, version id and sha256, and the previous manifest's sha256 (a hash chain) |
| \`runs/<runId>/results.json\` | the run's control and check results, pinned by sha256 in its manifest |
| \`evidence-index.csv\` | every evidence object the month's manifests pin: key, version id, sha256, size, time, run ids |
| \`keys/<key id>.pem\` | the public keys that signed anything in the pack |
| \`pack.json\` | the pack's metadata and the summary's figures, for machines |
| \`SHA256SUMS\` | sha256 of every other file (the format of \`sha256sum\`) |
| \`SHA256SUMS.sig\` | ${signer.algorithm === 'Ed25519' ? 'raw Ed25519 signature' : 'DER ECDSA P-256 / SHA-256 signature (AWS KMS)'} of SHA256SUMS by \`${signer.keyFile}\` (key id ${signer.keyId}) |

Beside the zip, \`${r.zipName}.sig\` is the detached signature of the zip itself (JSON envelope:
algorithm, key id, sha256 of the zip, base64 signature).

The pack signing key's sha256 fingerprint (SHA-256 of the DER public key) is
\`${signer.fingerprint}\`. Compare it with the fingerprint the signer published before trusting
anything below.

## Verify with the tool

\`\`\`sh
evidence pack verify ${r.zipName} --public-key trusted-signer.pem
\`\`\`

It opens the zip, checks SHA256SUMS against its signature and every file against SHA256SUMS,
refuses missing and extra files, re-verifies every manifest's and report's signature and the chain
between the manifests, checks each results.json against its manifest and the evidence index against
the manifests, and checks \`${r.zipName}.sig\` when it is beside the zip. It names every problem and
exits 1 if there is any. Without \`--public-key\` it trusts the key inside the pack and prints its
fingerprint.

## Verify with OpenSSL alone

The zip's own signature (run beside the zip):

\`\`\`sh
grep '"signature"' ${r.zipName}.sig | cut -d'"' -f4 | openssl base64 -d -A > zip.sig.bin
${opensslVerify(signer.algorithm, 'public-key.pem', r.zipName, 'zip.sig.bin')}
\`\`\`
(\`public-key.pem\`: the signer's published key, or \`${signer.keyFile}\` from the pack once its
fingerprint is checked.)

The contents: unzip the pack into an empty folder, then the signature of SHA256SUMS is
\`${sigCmd}\`
${signer.algorithm === 'Ed25519' ? `(with an AWS KMS signer the pack says \`${opensslVerify('ECDSA_P256_SHA256', 'KEY.pem', 'SHA256SUMS', 'SHA256SUMS.sig')}\`)` : '(a local Ed25519 signer would use `openssl pkeyutl -verify -pubin -inkey KEY.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig`)'}.
The whole check, run in that folder (POSIX sh, OpenSSL 3, core utilities), prints
\`PACK VERIFIED\` or the first problem and exits 1:

${offlineScript(signer.keyFile, signer.algorithm)}

To check that an evidence object in the store is the one the pack names, take its row from
\`evidence-index.csv\`, fetch that version (\`aws s3api get-object --version-id …\`, or the file
store's \`<key>/~<version id>\`) and compare \`openssl dgst -sha256\` of it with the row's sha256.
`;
}
