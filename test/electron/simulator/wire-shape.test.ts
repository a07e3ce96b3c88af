// The contract test is only as strict as its shape checker: prove the checker sees each kind of difference.
import { describe, expect, it } from 'vitest';
import { compareShapes, shapeOf, stringFormat } from './wire-shape';

const diff = (a: string, b: string): string[] => compareShapes(shapeOf(a), shapeOf(b));

describe('wire-shape', () => {
  it('sees number formats: 4 decimals, 2 decimals, integers', () => {
    expect(diff('{"balance":100000.0000}', '{"balance":100000.0000}')).toEqual([]);
    expect(diff('{"balance":100000.0000}', '{"balance":100000}')).toHaveLength(1);
    expect(diff('{"balance":99574.75}', '{"balance":99574.7500}')).toHaveLength(1);
  });

  it('sees missing, extra and reordered keys, and type changes', () => {
    expect(diff('{"a":1,"b":2}', '{"a":1}')).toHaveLength(1);
    expect(diff('{"a":1,"b":2}', '{"b":2,"a":1}')).toHaveLength(1);
    expect(diff('{"a":null}', '{"a":0}')).toHaveLength(1);
    expect(diff('{"a":"1"}', '{"a":1}')).toHaveLength(1);
  });

  it('classifies the recorded string formats', () => {
    expect(stringFormat('R450.00')).toBe('rands-label');
    expect(stringFormat('5.50%')).toBe('percent-label');
    expect(stringFormat('450.00')).toBe('rands-2dp');
    expect(stringFormat('5.5')).toBe('decimal-1dp');
    expect(stringFormat('130078272')).toBe('digits');
    expect(stringFormat('2018-10-27 09:46:51')).toBe('local-datetime');
    expect(diff('{"amount":"R450.00"}', '{"amount":"450.00"}')).toHaveLength(1);
  });

  it('requires each array item of ours to match some recorded item', () => {
    expect(diff('[{"a":1},{"a":null}]', '[{"a":null},{"a":2}]')).toEqual([]);
    expect(diff('[{"a":1}]', '[{"a":"x"}]')).toHaveLength(1);
    expect(diff('[{"a":1}]', '[]')).toHaveLength(1);
  });
});
