// The shared machinery every evaluator relies on: item decoding, scope, deletion, parameter
// validation, and typed errors for malformed input.
import { describe, expect, it } from 'vitest';
import { defineRuleEvaluator, InvalidParameterError, MalformedItemError, RuleEvaluationError, verdict } from '../../src/managed-rules/index.ts';
import { item } from './helpers.ts';

const probe = defineRuleEvaluator({
  rule: 'PROBE_RULE',
  resourceTypes: ['AWS::EC2::Volume'],
  parameters: { minSize: '10', names: undefined, strict: 'false' },
  fields: ['configuration'],
  evaluate({ ci, params }) {
    const size = ci.reqNum('configuration.size');
    const min = params.int('minSize')!;
    const strict = params.bool('strict');
    return verdict(size >= min && (!strict || params.list('names').length > 0), `size ${size}`, `size ${size} under ${min}`);
  },
});

const volume = (configuration: unknown) => item('AWS::EC2::Volume', { resourceId: 'vol-1', configuration });

describe('defineRuleEvaluator', () => {
  it('uses documented defaults and lets parameters override them', () => {
    expect(probe.evaluate(volume({ size: 20 })).compliance).toBe('COMPLIANT');
    expect(probe.evaluate(volume({ size: 20 }), { minSize: '50' }).compliance).toBe('NON_COMPLIANT');
  });

  it('reads configuration given as JSON text, as BatchGetResourceConfig returns it', () => {
    expect(probe.evaluate(volume('{"size": 30}')).compliance).toBe('COMPLIANT');
  });

  it('is NOT_APPLICABLE outside its resource types and for deleted resources', () => {
    expect(probe.evaluate(item('AWS::S3::Bucket', { configuration: { size: 1 } })).compliance).toBe('NOT_APPLICABLE');
    expect(probe.evaluate({ ...volume({ size: 1 }), configurationItemStatus: 'ResourceDeleted' }).compliance).toBe('NOT_APPLICABLE');
  });

  it('throws MalformedItemError naming the rule, resource and path', () => {
    const err = (() => {
      try {
        probe.evaluate(volume({ size: '20' }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MalformedItemError);
    expect(err).toBeInstanceOf(RuleEvaluationError);
    expect((err as MalformedItemError).path).toBe('configuration.size');
    expect((err as Error).message).toMatch(/PROBE_RULE on vol-1: .*configuration\.size.*string/);
  });

  it('throws on items without identity or with a scalar where an object is expected', () => {
    expect(() => probe.evaluate({ resourceType: 'AWS::EC2::Volume' } as never)).toThrow(MalformedItemError);
    expect(() => probe.evaluate(volume(5))).toThrow(MalformedItemError);
    expect(() => probe.evaluate(volume(null))).toThrow(MalformedItemError);
  });

  it('throws InvalidParameterError for parameter values the rule would reject', () => {
    expect(() => probe.evaluate(volume({ size: 20 }), { minSize: 'ten' })).toThrow(InvalidParameterError);
    expect(() => probe.evaluate(volume({ size: 20 }), { strict: 'yes' })).toThrow(InvalidParameterError);
  });

  it('freezes the declared unit', () => {
    expect(Object.isFrozen(probe)).toBe(true);
    expect(Object.isFrozen(probe.parameters)).toBe(true);
  });
});
