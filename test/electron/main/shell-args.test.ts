import { describe, expect, it } from 'vitest';
import { requestedDataDir, ShellArgsErrorCode } from '../../../electron/main/shell-args';

const electron = ['/opt/till/electron', '.'];

describe('requestedDataDir', () => {
  it('is undefined (the usual folder) when neither the option nor TILL_DATA_DIR is given', () => {
    expect(requestedDataDir(electron, {})).toBeUndefined();
    expect(requestedDataDir(electron, { TILL_DATA_DIR: '  ' })).toBeUndefined();
  });

  it('reads --data-dir DIR and --data-dir=DIR, among Chromium switches', () => {
    expect(requestedDataDir([...electron, '--enable-logging', '--data-dir', '/srv/till'], {})).toBe('/srv/till');
    expect(requestedDataDir([...electron, '--data-dir=C:\\Till data', '--port', '0'], {})).toBe('C:\\Till data');
  });

  it('prefers the option over TILL_DATA_DIR, and uses TILL_DATA_DIR otherwise', () => {
    expect(requestedDataDir([...electron, '--data-dir', '/a'], { TILL_DATA_DIR: '/b' })).toBe('/a');
    expect(requestedDataDir(electron, { TILL_DATA_DIR: '/b' })).toBe('/b');
  });

  it('ignores what follows --', () => {
    expect(requestedDataDir([...electron, '--', '--data-dir', '/a'], {})).toBeUndefined();
  });

  for (const argv of [[...electron, '--data-dir'], [...electron, '--data-dir', '--port'], [...electron, '--data-dir='], [...electron, '--data-dir', ' ']]) {
    it(`refuses ${argv.slice(2).join(' ')} with ${ShellArgsErrorCode.MissingValue}`, () => {
      expect(() => requestedDataDir(argv, { TILL_DATA_DIR: '/b' })).toThrow(expect.objectContaining({ code: ShellArgsErrorCode.MissingValue }));
    });
  }
});
