// Shape of a JSON text as the contract test compares it: keys (and their order), value types and
// the FORMAT of every value — how many decimals a number was printed with ("100000.0000" vs
// "99574.75"), and what kind of string it is ("R450.00", "5.50%", "450.00", digits, dates, JWTs).
// JSON.parse would lose the number formats, so this reads the raw text with a tiny parser.

export type Shape =
  | { t: 'null' }
  | { t: 'bool' }
  | { t: 'num'; fmt: string }
  | { t: 'str'; fmt: string }
  | { t: 'arr'; items: Shape[] }
  | { t: 'obj'; keys: [string, Shape][] };

/** The format class of a string value. */
export function stringFormat(s: string): string {
  if (s === '') return 'empty';
  if (/^R-?\d+\.\d{2}$/.test(s)) return 'rands-label';
  if (/^\d+\.\d{2}%$/.test(s)) return 'percent-label';
  if (/^\d+\.\d{2}$/.test(s)) return 'rands-2dp';
  if (/^\d+\.\d$/.test(s)) return 'decimal-1dp';
  if (/^-?\d+$/.test(s)) return 'digits';
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s)) return 'local-datetime';
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(s)) return 'jwt';
  if (/^[A-Z_]+$/.test(s)) return 'CODE';
  if (/^[A-Z ]{1,2}$/.test(s)) return 'CODE';
  return 'text';
}

/** Parses JSON text into its Shape. Throws on malformed JSON. */
export function shapeOf(text: string): Shape {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): Shape => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const keys: [string, Shape][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'obj', keys };
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        i++; // :
        keys.push([k, value()]);
        ws();
        if (text[i++] === '}') return { t: 'obj', keys };
      }
    }
    if (c === '[') {
      i++;
      const items: Shape[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'arr', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i++] === ']') return { t: 'arr', items };
      }
    }
    if (c === '"') return { t: 'str', fmt: stringFormat(str()) };
    if (text.startsWith('null', i)) {
      i += 4;
      return { t: 'null' };
    }
    if (text.startsWith('true', i) || text.startsWith('false', i)) {
      i += text[i] === 't' ? 4 : 5;
      return { t: 'bool' };
    }
    const m = /^-?\d+(\.(\d+))?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) throw new Error(`Not JSON at ${i}: ${text.slice(i, i + 20)}`);
    i += m[0].length;
    return { t: 'num', fmt: m[2] ? `dp${m[2].length}` : 'int' };
  };
  const v = value();
  ws();
  if (i !== text.length) throw new Error(`Trailing text at ${i}`);
  return v;
}

// Free text, a short upper-case name ("MTN") and "" are one family: which one appears depends on the
// data (itemDescription "" vs "VOD"), not on the wire format. Money, percent, digit and date formats stay strict.
const TEXTISH = new Set(['empty', 'CODE', 'text']);

/** Differences between a recorded shape and ours ([] = same). Array items of ours must each match some recorded item. */
export function compareShapes(recorded: Shape, ours: Shape, path = '$'): string[] {
  if (recorded.t !== ours.t) return [`${path}: recorded ${recorded.t}, simulator ${ours.t}`];
  if (recorded.t === 'num' && ours.t === 'num' && recorded.fmt !== ours.fmt)
    return [`${path}: number printed as ${recorded.fmt}, simulator ${ours.fmt}`];
  if (recorded.t === 'str' && ours.t === 'str' && recorded.fmt !== ours.fmt && !(TEXTISH.has(recorded.fmt) && TEXTISH.has(ours.fmt)))
    return [`${path}: string format ${recorded.fmt}, simulator ${ours.fmt}`];
  if (recorded.t === 'obj' && ours.t === 'obj') {
    const rk = recorded.keys.map(([k]) => k);
    const ok = ours.keys.map(([k]) => k);
    if (rk.join(',') !== ok.join(',')) return [`${path}: keys [${rk.join(',')}] vs simulator [${ok.join(',')}]`];
    return recorded.keys.flatMap(([k, s], n) => compareShapes(s, ours.keys[n]![1], `${path}.${k}`));
  }
  if (recorded.t === 'arr' && ours.t === 'arr') {
    if (recorded.items.length === 0) return [];
    if (ours.items.length === 0) return [`${path}: recorded a non-empty array, simulator an empty one`];
    const out: string[] = [];
    ours.items.forEach((item, n) => {
      const attempts = recorded.items.map((r) => compareShapes(r, item, `${path}[${n}]`));
      if (!attempts.some((a) => a.length === 0)) out.push(...(attempts[0] ?? []));
    });
    return out;
  }
  return [];
}
