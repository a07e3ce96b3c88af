/**
 * The offline guess of a South African cell number's network from its prefix, used only when
 * Smartcall's SIM network lookup cannot be asked. Numbers keep their prefix when ported, so this
 * is a GUESS (the screen says `source: 'prefix'`); the names are the catalogue's network names.
 *
 * Table (national form, after the leading 0; longest prefix wins):
 *
 * | network       | prefixes                                   |
 * |---------------|--------------------------------------------|
 * | Vodacom       | 082, 072, 076, 079, 0711–0716, 0818, 060 3–5 |
 * | MTN           | 083, 073, 078, 0710, 0717–0719, 0810, 063, 060 6–9 |
 * | Cell C        | 084, 074, 061, 062, 064                    |
 * | Telkom Mobile | 081 (0811–0817), 067, 068                  |
 *
 * Virgin Mobile and other MVNOs use their host network's ranges and cannot be told apart by prefix.
 */

const TABLE: ReadonlyArray<readonly [prefix: string, network: string]> = [
  ['82', 'Vodacom'],
  ['72', 'Vodacom'],
  ['76', 'Vodacom'],
  ['79', 'Vodacom'],
  ['711', 'Vodacom'],
  ['712', 'Vodacom'],
  ['713', 'Vodacom'],
  ['714', 'Vodacom'],
  ['715', 'Vodacom'],
  ['716', 'Vodacom'],
  ['818', 'Vodacom'],
  ['603', 'Vodacom'],
  ['604', 'Vodacom'],
  ['605', 'Vodacom'],
  ['83', 'MTN'],
  ['73', 'MTN'],
  ['78', 'MTN'],
  ['710', 'MTN'],
  ['717', 'MTN'],
  ['718', 'MTN'],
  ['719', 'MTN'],
  ['810', 'MTN'],
  ['63', 'MTN'],
  ['606', 'MTN'],
  ['607', 'MTN'],
  ['608', 'MTN'],
  ['609', 'MTN'],
  ['84', 'Cell C'],
  ['74', 'Cell C'],
  ['61', 'Cell C'],
  ['62', 'Cell C'],
  ['64', 'Cell C'],
  ['811', 'Telkom Mobile'],
  ['812', 'Telkom Mobile'],
  ['813', 'Telkom Mobile'],
  ['814', 'Telkom Mobile'],
  ['815', 'Telkom Mobile'],
  ['816', 'Telkom Mobile'],
  ['817', 'Telkom Mobile'],
  ['67', 'Telkom Mobile'],
  ['68', 'Telkom Mobile'],
];

// Longest first, so 0810 (MTN) wins over a shorter 081 rule.
const ORDERED = [...TABLE].sort((a, b) => b[0].length - a[0].length);

/** The network name a wire-form MSISDN (27XXXXXXXXX) was issued on, or undefined if the prefix is not in the table. */
export function networkByPrefix(msisdn: string): string | undefined {
  const national = msisdn.startsWith('27') ? msisdn.slice(2) : msisdn;
  return ORDERED.find(([prefix]) => national.startsWith(prefix))?.[1];
}
