import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MSISDN_INVALID, MsisdnError, formatMsisdn, isMsisdn, normaliseMsisdn } from '../../shared/msisdn';

describe('normaliseMsisdn', () => {
  it('accepts everyday forms', () => {
    for (const form of ['082 123 4567', '0821234567', '+27 82 123 4567', '27821234567', '0027 82 123 4567', '+27 (0)82 123-4567', '082-123-4567', ' 082.123.4567 ', '821234567']) {
      expect(normaliseMsisdn(form)).toBe('27821234567');
    }
  });

  it('refuses with a typed error', () => {
    for (const bad of ['', '12345', '082 123 456', '08212345678', '+44 20 7946 0958', '0021234567', '27021234567', 'abc0821234567', '082 123 456x', '001 555 1234']) {
      let err: unknown;
      try {
        normaliseMsisdn(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(MsisdnError);
      expect((err as MsisdnError).code).toBe(MSISDN_INVALID);
      expect((err as MsisdnError).message).toContain('082 123 4567');
    }
  });

  it('property: format then normalise is the identity on valid MSISDNs', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^27[1-9]\d{8}$/), (m) => {
        expect(isMsisdn(m)).toBe(true);
        expect(normaliseMsisdn(formatMsisdn(m))).toBe(m);
        expect(normaliseMsisdn(`+${m}`)).toBe(m);
      }),
    );
  });

  it('formats for screens and leaves non-MSISDNs alone', () => {
    expect(formatMsisdn('27821234567')).toBe('082 123 4567');
    expect(formatMsisdn('meter-123')).toBe('meter-123');
  });
});
