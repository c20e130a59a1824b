/** Who is calling: an integration holding a shop API key, or a person signed in to the dashboard. */
export type Actor =
  | { kind: 'api-key'; shopId: string; keyId: string; name: string }
  | { kind: 'user'; shopId: string; userId: string; name: string | null; expiresAt?: Date | null };

/** How an actor is named in records such as `detectedBy` or `sentBy`. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'api-key' ? `integration:${actor.name}` : `person:${actor.userId}`;
}
