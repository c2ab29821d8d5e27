import { describe, expect, it } from 'vitest';
import { buildPolicy, readActions } from '../../src/run/policy.ts';
import { resolveCheck, type CheckDef } from '../../src/catalog/checks.ts';
import { collectors } from '../../src/collect/collectors/index.ts';

const checks = (ids: string[]): CheckDef[] => ids.map((id) => resolveCheck(id)!);

describe('least-privilege policy', () => {
  it('holds exactly the actions of the collectors the checks need', () => {
    const trailsOnly = readActions(checks(['cloudtrail-kms-encryption']));
    const trails = collectors.find((c) => c.id === 'cloudtrail-trails')!;
    expect(trailsOnly).toEqual([...trails.permissions, 'sts:GetCallerIdentity'].sort());
    const withConfig = readActions(checks(['config:ROOT_ACCOUNT_MFA_ENABLED']));
    expect(withConfig).toEqual(['config:DescribeConfigRules', 'config:GetComplianceDetailsByConfigRule', 'sts:GetCallerIdentity']);
  });

  it('adds organization listing and the scoped AssumeRole only when asked', () => {
    const p = buildPolicy(checks(['config-recorder-recording']), { organization: { roleName: 'Auditor' } });
    expect(p.Statement.map((s) => s.Sid)).toEqual(['EvidenceCollectionReadOnly', 'ListOrganizationAccounts', 'AssumeCollectorRoleInMembers']);
    expect(p.Statement[2]).toMatchObject({ Action: ['sts:AssumeRole'], Resource: 'arn:aws:iam::*:role/Auditor' });
    expect(buildPolicy(checks(['config-recorder-recording'])).Statement).toHaveLength(1);
    for (const s of p.Statement) for (const a of s.Action) expect(a).not.toMatch(/\*|Put|Delete|Create|Update/);
  });
});
