const MAX_TIME_ZONE_LENGTH = 64;
// UTC or Area/Location[/Sublocation] in any case, e.g. Europe/Paris, America/Argentina/Buenos_Aires,
// Etc/GMT+5. Intl alone would also take offsets (+01:00) and legacy names (EST5EDT) on some runtimes.
const IANA_SHAPE = /^(?:UTC|[A-Z][A-Z0-9_+-]*(?:\/[A-Z][A-Z0-9_+-]*){1,2})$/i;
// As IANA writes its names: each part starts with a capital (Asia/Kolkata, America/Port-au-Prince).
const IANA_CASE = /^(?:UTC|[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*){1,2})$/;
// Building an Intl.DateTimeFormat cost 5 % of a create's CPU; the map is bounded against junk input.
const TIME_ZONE_CACHE_SIZE = 512;
const canonicalTimeZones = new Map<string, string | undefined>();

function resolveTimeZone(name: string): string | undefined {
  if (!IANA_SHAPE.test(name)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    // The constructor throws a RangeError for a zone the runtime does not know.
    return undefined;
  }
  // ICU resolves links to its own canonical zone (Asia/Kolkata → Asia/Calcutta): a link the user
  // wrote in IANA's case is kept as written; otherwise only the case is corrected.
  if (resolved.toLowerCase() === name.toLowerCase() || !IANA_CASE.test(name)) return resolved;
  return name;
}

/**
 * The stored spelling of an IANA time zone written in any case (`europe/paris` → `Europe/Paris`,
 * `utc` → `UTC`), or undefined for anything that is not one.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.length > MAX_TIME_ZONE_LENGTH) return undefined;
  if (canonicalTimeZones.has(name)) return canonicalTimeZones.get(name);
  const canonical = resolveTimeZone(name);
  if (canonicalTimeZones.size >= TIME_ZONE_CACHE_SIZE) {
    // A Map iterates in insertion order: the first key is the oldest.
    const oldest = canonicalTimeZones.keys().next();
    if (oldest.done !== true) canonicalTimeZones.delete(oldest.value);
  }
  canonicalTimeZones.set(name, canonical);
  return canonical;
}
