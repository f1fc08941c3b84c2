import { CARD_GROUPINGS, containsCardNumber, isCardNumber, redactCardNumbers } from '../../../src/common/validation/card-number';

/** A small deterministic generator (mulberry32), so that a failure can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20261203);
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Completes a prefix to a Luhn-valid number of the given length. */
function withLuhn(prefix: string, length: number): string {
  const body = prefix + digits(length - prefix.length - 1);
  for (let check = 0; check <= 9; check++) if (isCardNumber(body + check)) return body + check;
  throw new Error(`no check digit for ${body}`);
}

const ISSUERS: [string, number[]][] = [
  ['4', [13, 16, 19]],
  ['51', [16]],
  ['55', [16]],
  ['2221', [16]],
  ['2720', [16]],
  ['34', [15]],
  ['37', [15]],
  ['6011', [16, 19]],
  ['65', [16, 19]],
  ['644', [16]],
  ['3528', [16, 19]],
  ['3589', [16]],
  ['300', [14]],
  ['36', [14, 16]],
  ['38', [14]],
];

const SEPARATORS = [' ', '-', '_', '.', '/', '\u00a0', '\u202f'];
const FULL_WIDTH = (text: string): string => text.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

function grouped(card: string, sep: string): string[] {
  return CARD_GROUPINGS.filter((g) => g.reduce((a, b) => a + b, 0) === card.length).map((g) => {
    const parts: string[] = [];
    let at = 0;
    for (const size of g) {
      parts.push(card.slice(at, at + size));
      at += size;
    }
    return parts.join(sep);
  });
}

describe('card number detection', () => {
  it('finds 100% of Luhn-valid card numbers in every listed spelling: contiguous, grouped by each separator, full-width, in text', () => {
    let checked = 0;
    const missed: string[] = [];
    for (const [prefix, lengths] of ISSUERS) {
      for (const length of lengths) {
        for (let n = 0; n < 40; n++) {
          const card = withLuhn(prefix, length);
          const spellings = [card, ...SEPARATORS.flatMap((sep) => grouped(card, sep))];
          for (const spelling of [...spellings, ...spellings.map(FULL_WIDTH)]) {
            for (const text of [spelling, `card ${spelling} exp 12/27`, `token:${spelling}`]) {
              checked++;
              if (!containsCardNumber(text)) missed.push(text);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20000);
    expect(missed).toEqual([]);
  });

  it('finds separators the usual groups never mix up: full-width separators, zero-width characters, Arabic-Indic digits', () => {
    expect(containsCardNumber('4111\uff3f1111\uff3f1111\uff3f1111')).toBe(true);
    expect(containsCardNumber('4111\u200b1111\u200b1111\u200b1111')).toBe(true);
    expect(containsCardNumber('٤١١١١١١١١١١١١١١١')).toBe(true);
    expect(containsCardNumber('4111 - 1111 - 1111 - 1111')).toBe(true);
  });

  it('has 0 false positives on 100,000+ ordinary values: UUIDs, NN-<14 digits> order ids, epoch-ms keys, ISO date-times, E.164 phones', () => {
    const values: string[] = [];
    // Epoch milliseconds from 2001 to 2095: from 2096 on they begin with 4 and have the shape of a 13-digit Visa.
    const start = Date.UTC(2001, 0, 1);
    const span = Date.UTC(2095, 11, 31) - start;
    for (let i = 0; i < 25000; i++) {
      values.push(`${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[i % 4]}${hex(3)}-${hex(12)}`);
      values.push(`${digits(8)}-${digits(4)}-${digits(4)}-${digits(4)}-${digits(12)}`);
      values.push(`${digits(2)}-${digits(14)}`);
      const ms = start + Math.floor(rand() * span);
      values.push(String(ms), `key-${ms}`, `${ms}-${digits(4)}`, `idem-${hex(6)}-${ms}-${digits(2)}`, `checkout:${digits(2)}-${ms}`);
      const d = new Date(ms);
      values.push(d.toISOString(), d.toISOString().replace('Z', `+${pad(Math.floor(rand() * 14))}:00`), `${d.toISOString().slice(0, 19)}.${digits(6)}Z`);
      const cc = String(1 + Math.floor(rand() * 99));
      values.push(`+${cc}${digits(15 - cc.length)}`, `+${cc}${digits(Math.max(4, 12 - cc.length))}`, `+${cc} ${digits(3)} ${digits(3)} ${digits(4)}`);
    }
    expect(values.length).toBeGreaterThanOrEqual(100000);
    const hits = values.filter((v) => containsCardNumber(v));
    expect(hits).toEqual([]);
  });

  it('redacts the card number and keeps the rest of the text', () => {
    expect(redactCardNumbers('pay with 4111_1111_1111_1111 please')).toBe('pay with [redacted] please');
    expect(redactCardNumbers('order 12-34567890123456')).toBe('order 12-34567890123456');
  });
});
