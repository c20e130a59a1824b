import { countSegments } from './sms-segments.ts';

/** Most SMS segments one AI reply may take. */
export const AI_REPLY_MAX_SEGMENTS = 2;

/**
 * Cuts a reply to fit in two SMS segments, at a sentence boundary when there is one, else at a
 * word, so a customer never gets a wall of text or half a word.
 */
export function fitReply(text: string, maxSegments = AI_REPLY_MAX_SEGMENTS): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (countSegments(clean).segments <= maxSegments) return clean;
  const sentences = clean.match(/[^.!?]+[.!?]+(\s|$)|[^.!?]+$/g) ?? [clean];
  let out = '';
  for (const sentence of sentences) {
    const next = `${out}${sentence}`.trim();
    if (countSegments(next).segments > maxSegments) break;
    out = `${next} `;
  }
  if (out.trim()) return out.trim();
  const words = clean.split(' ');
  out = '';
  for (const word of words) {
    const next = out ? `${out} ${word}` : word;
    if (countSegments(`${next}…`).segments > maxSegments) break;
    out = next;
  }
  return `${out}…`;
}
