// The voucher batch file: a CSV of vouchers inside a password-protected (AES-256) zip, built with
// @zip.js/zip.js so the till opens it with the same library and the password from the order.
import { configure, TextReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import type { Order } from './state';

// No web workers in Node/Electron main: zip.js would otherwise try to spawn them.
configure({ useWebWorkers: false });

/** The CSV inside the zip: one voucher a row (RELATED-API V2 columns: PIN, batch, serial, expiry, description). */
export function orderCsv(o: Order): string {
  const rows = ['PIN,BatchNumber,SerialNumber,ExpiryDate,Description'];
  for (const v of o.vouchers)
    rows.push(
      [v.pin, v.batch, v.serial, new Date(v.expiry + 2 * 3600_000).toISOString().slice(0, 10), `"${o.rule.name.replace(/"/g, '""')}"`].join(
        ',',
      ),
    );
  return `${rows.join('\r\n')}\r\n`;
}

/** The file name Smartcall would give it. */
export const orderFileName = (o: Order): string => `${o.orderReferenceId}.zip`;

/** Zips the order's CSV with its current password. */
export async function orderZip(o: Order): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { password: o.password, encryptionStrength: 3 });
  await writer.add(`${o.orderReferenceId}.csv`, new TextReader(orderCsv(o)));
  return writer.close();
}
