import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_TYPED_CENTS,
  MoneyError,
  MoneyErrorCode,
  centsToDecimalText,
  centsToRands,
  formatBasisPoints,
  formatRands,
  parseTypedRands,
  percentOfCents,
  percentToBasisPoints,
  randsToCents,
  sumCents,
} from '../../shared/money';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof MoneyError ? e.code : 'NOT_A_MONEY_ERROR';
  }
  return undefined;
}

const cents = fc.integer({ min: -1_000_000_000_00, max: 1_000_000_000_00 });

describe('randsToCents (wire)', () => {
  it('reads the recorded shapes', () => {
    expect(randsToCents(JSON.parse('748.5200') as number)).toBe(74852);
    expect(randsToCents(JSON.parse('100000.0000') as number)).toBe(10000000);
    expect(randsToCents(99574.75)).toBe(9957475);
    expect(randsToCents('450.00')).toBe(45000);
    expect(randsToCents('R450.00')).toBe(45000);
    expect(randsToCents('R425.25')).toBe(42525);
    expect(randsToCents(-33.25)).toBe(-3325);
    expect(randsToCents('-R12.50')).toBe(-1250);
    expect(randsToCents('R-12.50')).toBe(-1250);
    expect(randsToCents(0)).toBe(0);
    expect(Object.is(randsToCents('-0.00'), 0)).toBe(true);
  });

  it('refuses sub-cent digits unless asked to round half away from zero', () => {
    expect(codeOf(() => randsToCents(0.099))).toBe(MoneyErrorCode.TooPrecise);
    expect(codeOf(() => randsToCents('1.2345'))).toBe(MoneyErrorCode.TooPrecise);
    expect(randsToCents(0.099, 'round')).toBe(10);
    expect(randsToCents(0.0949, 'round')).toBe(9);
    expect(randsToCents(-0.125, 'round')).toBe(-13);
    expect(randsToCents(-0.124, 'round')).toBe(-12);
  });

  it('refuses junk with a typed error', () => {
    for (const junk of ['', 'abc', '12.5.0', 'R', '--1', '-R-1', '1,000.00', '12 rand']) {
      expect(codeOf(() => randsToCents(junk))).toBe(MoneyErrorCode.Invalid);
    }
    expect(codeOf(() => randsToCents(Number.NaN))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => randsToCents(Number.POSITIVE_INFINITY))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => randsToCents(1e21))).toBe(MoneyErrorCode.TooLarge);
    expect(codeOf(() => randsToCents(1e-7))).toBe(MoneyErrorCode.TooPrecise);
  });

  it('property: every whole-cent amount survives text, R-text, 4-dp JSON and number forms exactly', () => {
    fc.assert(
      fc.property(cents, (c) => {
        const text = centsToDecimalText(c);
        expect(randsToCents(text)).toBe(c);
        expect(randsToCents(formatRands(c))).toBe(c);
        // Smartcall writes 4 decimals; JSON.parse gives the nearest double.
        expect(randsToCents(JSON.parse(`${text}00`) as number)).toBe(c);
        expect(randsToCents(centsToRands(c))).toBe(c);
        // And what we send prints as the same decimal text a person would write.
        expect(JSON.stringify(centsToRands(c))).toBe(String(Number(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: rounding a 4-dp amount is within half a cent and matches integer maths', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_0000, max: 1_000_000_0000 }), (tenThousandths) => {
        const neg = tenThousandths < 0;
        const abs = Math.abs(tenThousandths);
        const text = `${neg ? '-' : ''}${Math.trunc(abs / 10000)}.${String(abs % 10000).padStart(4, '0')}`;
        const expected = (neg ? -1 : 1) * (Math.trunc(abs / 100) + (abs % 100 >= 50 ? 1 : 0));
        expect(randsToCents(text, 'round')).toBe(expected === 0 ? 0 : expected);
        expect(randsToCents(JSON.parse(text) as number, 'round')).toBe(expected === 0 ? 0 : expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('percentToBasisPoints', () => {
  it('reads the recorded shapes', () => {
    expect(percentToBasisPoints('5.50%')).toBe(550);
    expect(percentToBasisPoints('5.5')).toBe(550);
    expect(percentToBasisPoints(4.95)).toBe(495);
    expect(percentToBasisPoints(JSON.parse('5.5000') as number)).toBe(550);
    expect(percentToBasisPoints(0)).toBe(0);
    expect(percentToBasisPoints('100%')).toBe(10000);
  });

  it('refuses junk, negatives and fractions of a basis point', () => {
    expect(codeOf(() => percentToBasisPoints('abc'))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => percentToBasisPoints('-5%'))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => percentToBasisPoints(-5))).toBe(MoneyErrorCode.Negative);
    expect(codeOf(() => percentToBasisPoints('5.125%'))).toBe(MoneyErrorCode.TooPrecise);
  });

  it('property: formatBasisPoints and percentToBasisPoints are inverse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => {
        expect(percentToBasisPoints(formatBasisPoints(bp))).toBe(bp);
        expect(percentToBasisPoints(bp / 100)).toBe(bp);
      }),
    );
  });
});

describe('formatRands / centsToRands', () => {
  it('formats for screens', () => {
    expect(formatRands(1250)).toBe('R12.50');
    expect(formatRands(5)).toBe('R0.05');
    expect(formatRands(-1250)).toBe('-R12.50');
    expect(formatRands(0)).toBe('R0.00');
    expect(formatBasisPoints(550)).toBe('5.50%');
  });

  it('refuses non-integer cents', () => {
    expect(codeOf(() => centsToRands(12.5))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => formatRands(Number.NaN))).toBe(MoneyErrorCode.Invalid);
  });
});

describe('parseTypedRands (what a person types)', () => {
  it('accepts everyday forms', () => {
    expect(parseTypedRands('12.50')).toBe(1250);
    expect(parseTypedRands('12.5')).toBe(1250);
    expect(parseTypedRands('12')).toBe(1200);
    expect(parseTypedRands(' R12 ')).toBe(1200);
    expect(parseTypedRands('12,50')).toBe(1250);
    expect(parseTypedRands('.5')).toBe(50);
    expect(parseTypedRands('0')).toBe(0);
    expect(parseTypedRands('000450.00')).toBe(45000);
    expect(parseTypedRands('1000000')).toBe(MAX_TYPED_CENTS);
  });

  it('refuses with typed errors and actionable messages', () => {
    expect(codeOf(() => parseTypedRands('12.505'))).toBe(MoneyErrorCode.TooPrecise);
    expect(codeOf(() => parseTypedRands('-5'))).toBe(MoneyErrorCode.Negative);
    expect(codeOf(() => parseTypedRands('R-5'))).toBe(MoneyErrorCode.Negative);
    expect(codeOf(() => parseTypedRands(''))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => parseTypedRands('.'))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => parseTypedRands('12a'))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => parseTypedRands('1.000.00'))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => parseTypedRands('1e3'))).toBe(MoneyErrorCode.Invalid);
    expect(codeOf(() => parseTypedRands('1000000.01'))).toBe(MoneyErrorCode.TooLarge);
    expect(codeOf(() => parseTypedRands('99999999999999999999'))).toBe(MoneyErrorCode.TooLarge);
    expect(() => parseTypedRands('12.505')).toThrow(/12\.50/);
  });

  it('property: any amount typed with 0-2 decimals reads back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_TYPED_CENTS }), fc.constantFrom('.', ','), (c, sep) => {
        const text = centsToDecimalText(c).replace('.', sep);
        expect(parseTypedRands(text)).toBe(c);
        if (c % 100 === 0) expect(parseTypedRands(String(c / 100))).toBe(c);
        if (c % 10 === 0) expect(parseTypedRands(text.slice(0, -1))).toBe(c);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: three or more decimals are always refused', () => {
    fc.assert(
      fc.property(fc.nat(100000), fc.stringMatching(/^\d{3,6}$/), (whole, frac) => {
        expect(codeOf(() => parseTypedRands(`${whole}.${frac}`))).toBe(MoneyErrorCode.TooPrecise);
      }),
    );
  });
});

describe('percentOfCents / sumCents', () => {
  it('computes the recorded discount exactly', () => {
    // R450 less 5.5 % = R425.25 (recorded transaction cost).
    expect(45000 - percentOfCents(45000, 550)).toBe(42525);
    expect(percentOfCents(200, 495)).toBe(10); // 9.9c rounds to 10c
    expect(percentOfCents(-200, 495)).toBe(-10);
  });

  it('property: matches exact rational rounding half away from zero', () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: 0, max: 10_000 }), (c, bp) => {
        const r = percentOfCents(c, bp);
        const exact = (BigInt(c) * BigInt(bp)) ;
        // |r*10000 - exact| <= 5000, and ties go away from zero.
        const diff = BigInt(r) * 10_000n - exact;
        expect(diff <= 5000n && diff >= -5000n).toBe(true);
        if (diff === 5000n) expect(c > 0).toBe(true);
        if (diff === -5000n) expect(c < 0).toBe(true);
      }),
    );
  });

  it('sums integers and refuses a float', () => {
    expect(sumCents([1, 2, 3])).toBe(6);
    expect(codeOf(() => sumCents([1, 0.1]))).toBe(MoneyErrorCode.Invalid);
  });
});
