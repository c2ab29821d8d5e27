// Controls that a resource setting cannot evidence: policies and procedures, physical and
// personnel security, awareness and training, program management. An auditor judges them on
// documents and records, so a Config rule passing or failing must not move their status. A
// framework's decisions.yaml may still pair one with a check when it records why the setting is
// direct evidence (an exception).

const NIST_FAMILIES = new Set(['AT', 'PE', 'PM', 'PS']);

// HIPAA administrative and physical provisions that are met by policy, assignment, training,
// contracts or facility measures rather than by a system setting.
const HIPAA_PREFIXES = [
  '164.308(a)(1)(ii)(C)', // sanction policy
  '164.308(a)(2)', // assigned security responsibility
  '164.308(a)(3)(ii)(B)', // workforce clearance procedure
  '164.308(a)(5)(i)', // security awareness and training (malware, log-in and password specs are technical)
  '164.308(a)(5)(ii)(A)', // security reminders
  '164.310(a)', // facility access controls
  '164.310(b)', // workstation use
  '164.310(c)', // workstation security
  '164.314', // business associate contracts and group health plans
  '164.316', // policies, procedures and documentation
];

/** Why the control is attestation-only, or undefined when a check may evidence it. */
export function attestationOnlyReason(frameworkId: string, controlId: string): string | undefined {
  switch (frameworkId) {
    case 'nist-800-53-r5': {
      if (/^[A-Z]{2}-1$/.test(controlId)) return 'a "-1" policy and procedures control is judged on the documents';
      const family = controlId.slice(0, 2);
      if (NIST_FAMILIES.has(family)) return `the ${family} family (physical, personnel, awareness and training, program management) is judged on records, not settings`;
      return undefined;
    }
    case 'soc2':
      return /^CC1\./.test(controlId) ? 'CC1 (control environment) concerns governance, ethics and people' : undefined;
    case 'iso27001-2022':
      return /^A\.6\./.test(controlId) ? 'A.6 people controls concern screening, terms, training and conduct' : undefined;
    case 'hipaa-security':
      return HIPAA_PREFIXES.some((p) => controlId.startsWith(p)) ? 'an administrative or physical provision met by policy, people or facilities' : undefined;
    case 'pci-dss-4.0':
      if (/^(1[0-2]|[1-9])\.1\.[12]$/.test(controlId)) return 'x.1.1 and x.1.2 require documented policies and assigned roles';
      if (/^9\.[2-3](\.|$)/.test(controlId)) return 'physical access to facilities is judged on site, not by cloud settings';
      if (/^12\.6(\.|$)/.test(controlId)) return 'security awareness is judged on training records';
      return undefined;
    default:
      return undefined;
  }
}
