/**
 * The longest body we accept for one outbound message, in UTF-16 code units (`text.length`).
 * 1600 is the usual carrier/provider ceiling for a concatenated SMS (about 10 GSM-7 parts).
 */
export const MAX_SMS_BODY = 1600;

/** How a body travels over SMS and what it costs. */
export interface SegmentCount {
  /** GSM-7 when every character is in the GSM 03.38 tables, otherwise UCS-2. */
  encoding: 'GSM-7' | 'UCS-2';
  /** SMS parts the body is split into (each billed separately); 0 for the empty string. */
  segments: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
}

// GSM 03.38 default alphabet, minus ESC (0x1B), which only introduces extension characters.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// GSM 03.38 extension table: each is sent as ESC + character, so it costs two septets.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

const GSM_SINGLE = 160;
const GSM_PART = 153; // 7 septets of each part go to the concatenation header
const UCS2_SINGLE = 70;
const UCS2_PART = 67; // 6 bytes (3 code units) of each part go to the concatenation header

/**
 * Counts the SMS parts `text` needs. A multi-part message packs parts greedily but never splits
 * an ESC + extension character pair (GSM-7) or a surrogate pair (UCS-2) across two parts, as
 * handsets could not reassemble them; such a part simply carries one unit less.
 */
export function countSegments(text: string): SegmentCount {
  if (text === '') return { encoding: 'GSM-7', segments: 0, units: 0 };

  const gsmCosts: number[] = [];
  let gsm = true;
  for (const char of text) {
    if (GSM_BASIC.has(char)) gsmCosts.push(1);
    else if (GSM_EXTENSION.has(char)) gsmCosts.push(2);
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return pack('GSM-7', gsmCosts, GSM_SINGLE, GSM_PART);

  // `for...of` walks code points, so an astral character (emoji) is one item of cost 2.
  const ucs2Costs: number[] = [];
  for (const char of text) ucs2Costs.push(char.length);
  return pack('UCS-2', ucs2Costs, UCS2_SINGLE, UCS2_PART);
}

function pack(encoding: SegmentCount['encoding'], costs: number[], single: number, part: number): SegmentCount {
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  if (units <= single) return { encoding, segments: 1, units };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, segments, units };
}
