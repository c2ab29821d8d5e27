// IAM's facts: users (console passwords, MFA, access keys), the root user and the password
// policy. IAM is global, so everything is counted in the first region, where Config records it,
// and agrees with the Config verdicts about the same user or account on the same day.
import { unit } from '../prng.ts';
import { DAY_MS, EPOCH, atDay, simulatedNow } from '../clock.ts';
import type { OrgModel, ResourceRef } from '../org.ts';

export interface AccessKeyFacts {
  active: boolean;
  lastRotated: number;
  lastUsed?: { at: number; region: string; service: string };
}

export interface IamUserFacts {
  name: string;
  arn: string;
  id: string;
  created: number;
  /** Console password, or null for a user without console access. */
  password: { lastChanged: number; lastUsed?: number } | null;
  mfa: boolean;
  keys: [AccessKeyFacts | null, AccessKeyFacts | null];
}

export interface RootFacts {
  arn: string;
  created: number;
  mfa: boolean;
  accessKey: AccessKeyFacts | null;
  lastSignIn?: number;
}

export interface PasswordPolicyFacts {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry: boolean;
}

const USER_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'ci-deployer', 'backup-bot', 'grace', 'heidi', 'ivan', 'judy'];
const KEY_SERVICES = ['s3', 'ec2', 'sts', 'iam', 'cloudformation'];
const STRONG_POLICY: PasswordPolicyFacts = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};
const WEAK_POLICY: PasswordPolicyFacts = {
  MinimumPasswordLength: 8,
  RequireSymbols: false,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: false,
  HardExpiry: false,
};

/** The IAM_PASSWORD_POLICY managed rule's default parameters. */
export function passwordPolicyMeetsDefaults(p: PasswordPolicyFacts | null): boolean {
  return (
    p !== null &&
    p.RequireUppercaseCharacters &&
    p.RequireLowercaseCharacters &&
    p.RequireSymbols &&
    p.RequireNumbers &&
    p.MinimumPasswordLength >= 14 &&
    (p.PasswordReusePrevention ?? 0) >= 24 &&
    p.MaxPasswordAge !== undefined &&
    p.MaxPasswordAge <= 90
  );
}

/** Latest sign-in at or before `now`, looking back `days` days. */
function lastSignIn(day: number, days: number, logins: (d: number) => number[]): number | undefined {
  const now = simulatedNow(day);
  for (let d = day; d > day - days; d -= 1) {
    const before = logins(d).filter((t) => t <= now);
    if (before.length > 0) return before.at(-1);
  }
  return undefined;
}

export class IamFacts {
  constructor(private readonly org: OrgModel) {}

  /** Users of an account (counted in the first region, where Config records them). */
  userCount(account: string): number {
    return this.org.count('user', account, this.org.first);
  }

  userName(_account: string, i: number): string {
    const base = USER_NAMES[i % USER_NAMES.length]!;
    return i < USER_NAMES.length ? base : `${base}-${i}`;
  }

  userHasPassword(account: string, userId: string): boolean {
    return unit(this.org.seed, account, userId, 'console') < 0.85;
  }

  /** The IAM_USER_MFA_ENABLED verdict, which MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS also follows. */
  userHasMfa(account: string, res: ResourceRef, day: number): boolean {
    return this.org.config.seeded('IAM_USER_MFA_ENABLED', account, this.org.first, res, day).compliance === 'COMPLIANT';
  }

  /** Whether the user's MFA device is active on a day (the IAM_USER_MFA_ENABLED verdict). */
  userMfaOn(account: string, i: number, day: number): boolean {
    return this.userHasMfa(account, this.org.resource('user', account, this.org.first, i), day);
  }

  /** Whether the root user has MFA on a day (the ROOT_ACCOUNT_MFA_ENABLED verdict). */
  rootMfaOn(account: string, day: number): boolean {
    return this.org.config.seededOk('ROOT_ACCOUNT_MFA_ENABLED', account, this.org.first, day);
  }

  /** Successful console sign-ins of a user on a day (ms, ascending); some users never sign in. */
  consoleLogins(account: string, userId: string, day: number): number[] {
    const seed = this.org.seed;
    if (!this.userHasPassword(account, userId) || unit(seed, account, userId, 'never-signs-in') < 0.1) return [];
    const n = Math.floor(unit(seed, account, userId, 'logins', day) * 3);
    return Array.from({ length: n }, (_, k) => atDay(day, unit(seed, account, userId, 'login-at', day, k))).sort((a, b) => a - b);
  }

  /** The root user's console sign-in on a day, if it signed in. */
  rootLogin(account: string, day: number): number | undefined {
    return unit(this.org.seed, account, 'root-login', day) < 0.15 ? atDay(day, unit(this.org.seed, account, 'root-login-at', day)) : undefined;
  }

  user(account: string, i: number, day: number): IamUserFacts {
    const first = this.org.first;
    const res = this.org.resource('user', account, first, i);
    const u = (...p: (string | number)[]): number => unit(this.org.seed, account, res.id, ...p);
    const name = this.userName(account, i);
    const now = simulatedNow(day);
    const created = EPOCH - (500 + Math.floor(u('created') * 700)) * DAY_MS + Math.floor(u('created-s') * 86_400) * 1000;
    let password: IamUserFacts['password'] = null;
    if (this.userHasPassword(account, res.id)) {
      // Changed within each 60-day period, a day or more before "now".
      const lastChanged = atDay(Math.floor(day / 60) * 60 - 1 - Math.floor(u('pw-changed') * 25), u('pw-changed-s'));
      const lastUsed = lastSignIn(day, 30, (d) => this.consoleLogins(account, res.id, d));
      password = { lastChanged, ...(lastUsed !== undefined ? { lastUsed } : {}) };
    }
    // ACCESS_KEYS_ROTATED: NON_COMPLIANT means an active key older than 90 days.
    const rotation = this.org.config.seeded('ACCESS_KEYS_ROTATED', account, first, res, day).compliance;
    let key1: AccessKeyFacts | null = null;
    if (rotation === 'NON_COMPLIANT') key1 = { active: true, lastRotated: atDay(-100 - Math.floor(u('ak-age') * 300), u('ak-s')) };
    else if (rotation === 'COMPLIANT' && u('has-key') < 0.6) key1 = { active: true, lastRotated: atDay(Math.floor(day / 30) * 30 - 1 - Math.floor(u('ak-recent') * 50), u('ak-s')) };
    if (key1 && u('ak-used') < 0.8) {
      key1.lastUsed = { at: now - Math.floor(u('ak-used-at', day) * 5 * 3600) * 1000, region: first, service: KEY_SERVICES[Math.floor(u('ak-svc') * KEY_SERVICES.length)]! };
    }
    // A deactivated old key: present in the report, never counted against rotation.
    const key2: AccessKeyFacts | null = u('key2') < 0.15 ? { active: false, lastRotated: atDay(-400, u('key2-s')) } : null;
    return { name, arn: `arn:aws:iam::${account}:user/${name}`, id: res.id, created, password, mfa: this.userHasMfa(account, res, day), keys: [key1, key2] };
  }

  root(account: string, day: number): RootFacts {
    const first = this.org.first;
    const hasKey = !this.org.config.seededOk('IAM_ROOT_ACCESS_KEY_CHECK', account, first, day);
    const lastSignInAt = lastSignIn(day, 90, (d) => {
      const t = this.rootLogin(account, d);
      return t === undefined ? [] : [t];
    });
    return {
      arn: `arn:aws:iam::${account}:root`,
      created: atDay(-900 - this.org.accountIndex(account), 0.4),
      mfa: this.rootMfaOn(account, day),
      accessKey: hasKey ? { active: true, lastRotated: atDay(-700, 0.3), lastUsed: { at: atDay(-40, 0.6), region: first, service: 'ec2' } } : null,
      ...(lastSignInAt !== undefined ? { lastSignIn: lastSignInAt } : {}),
    };
  }

  /** The account's password policy; the first member never set one (IAM answers NoSuchEntity). */
  passwordPolicy(account: string, day: number): PasswordPolicyFacts | null {
    if (account === this.org.members[0]) return null;
    return this.org.config.seededOk('IAM_PASSWORD_POLICY', account, this.org.first, day) ? { ...STRONG_POLICY } : { ...WEAK_POLICY };
  }
}
