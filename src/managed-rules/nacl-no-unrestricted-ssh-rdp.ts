// nacl-no-unrestricted-ssh-rdp: no inbound entry of the network ACL allows SSH (22) or RDP (3389)
// from anywhere. No parameters. Reads configuration.entries (DescribeNetworkAcls' Entries: egress,
// ruleAction, protocol as EC2's number string, cidrBlock or ipv6CidrBlock, portRange). An inbound
// allow entry from 0.0.0.0/0 or ::/0 fails the ACL when it is TCP (6) or UDP (17) with a port range
// holding 22 or 3389, or all traffic (-1, every protocol and port). Judgements: "unrestricted" is
// the whole IPv4 or IPv6 space, as Security Hub words the same check; a range holding the port
// counts, not only an exact 22 or 3389; the entries are read as listed, not in rule-number order,
// so a lower-numbered deny does not excuse an allow (the rule's page judges entries, not the
// traffic that results). Every ACL has its default deny entries, so an empty list is malformed, as
// is an entry without egress, ruleAction, protocol or source, or a TCP or UDP entry without ports.
import { defineRuleEvaluator, verdict, isRecord } from './define.ts';

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);
const PORTS = [22, 3389];
const NAMES: Record<string, string> = { '-1': 'all traffic', '6': 'TCP', '17': 'UDP' };

export default defineRuleEvaluator({
  rule: 'NACL_NO_UNRESTRICTED_SSH_RDP',
  resourceTypes: ['AWS::EC2::NetworkAcl'],
  fields: ['configuration'],
  evaluate({ ci }) {
    const entries = ci.objects('configuration.entries');
    if (entries.length === 0) throw ci.malformed('configuration.entries', 'a non-empty array (every network ACL has its default entries)');
    const open = entries.flatMap((e, i) => {
      const at = `configuration.entries.${i}`;
      if (typeof e.egress !== 'boolean') throw ci.malformed(`${at}.egress`, 'a boolean');
      if (e.ruleAction !== 'allow' && e.ruleAction !== 'deny') throw ci.malformed(`${at}.ruleAction`, 'allow or deny');
      if (typeof e.protocol !== 'string' || !/^-?\d+$/.test(e.protocol)) throw ci.malformed(`${at}.protocol`, 'a protocol number as a string');
      const source = e.cidrBlock ?? e.ipv6CidrBlock;
      if (typeof source !== 'string') throw ci.malformed(`${at}.cidrBlock`, 'a string (or ipv6CidrBlock)');
      if (e.egress || e.ruleAction === 'deny' || !ANYWHERE.has(source) || NAMES[e.protocol] === undefined) return [];
      let ports = PORTS;
      if (e.protocol !== '-1') {
        const range = e.portRange;
        if (!isRecord(range) || typeof range.from !== 'number' || typeof range.to !== 'number') throw ci.malformed(`${at}.portRange`, 'from and to port numbers (a TCP or UDP entry)');
        ports = PORTS.filter((p) => (range.from as number) <= p && p <= (range.to as number));
      }
      return ports.length === 0 ? [] : [`rule ${String(e.ruleNumber)} allows ${NAMES[e.protocol]!}${e.protocol === '-1' ? '' : ` ${ports.join(', ')}`} from ${source}`];
    });
    return verdict(open.length === 0, 'no inbound entry allows port 22 or 3389 from 0.0.0.0/0 or ::/0', open.join('; '));
  },
});
