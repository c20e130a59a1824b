import { decodeGlobalID } from '@pothos/plugin-relay';

/**
 * The raw id inside a Relay global ID of the expected type, or null when the value is not one.
 * Callers turn null into a NotFoundError, so a malformed or foreign id is indistinguishable
 * from an id of another shop.
 */
export function idOf(globalId: string, typename: string): string | null {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename !== typename) return null;
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(decoded.id) ? decoded.id : null;
  } catch {
    return null;
  }
}
