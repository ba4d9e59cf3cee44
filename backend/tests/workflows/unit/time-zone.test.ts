import { afterEach, describe, it, expect, vi } from 'vitest';

import { canonicalTimeZone } from '../../../src/workflows/domain/time-zone.js';

/** Counts the Intl.DateTimeFormat constructions while still building real ones. */
function watchTimeZoneLookups() {
  const RealFormat = Intl.DateTimeFormat;
  return vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function (
    ...args: ConstructorParameters<typeof Intl.DateTimeFormat>
  ) {
    return new RealFormat(...args);
  });
}
describe('canonicalTimeZone', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Europe/Paris', 'Europe/Paris'],
    ['europe/paris', 'Europe/Paris'],
    ['EUROPE/PARIS', 'Europe/Paris'],
    ['america/port-au-prince', 'America/Port-au-Prince'],
    ['AMERICA/NORTH_DAKOTA/NEW_SALEM', 'America/North_Dakota/New_Salem'],
    ['etc/gmt+5', 'Etc/GMT+5'],
    ['Asia/Tokyo', 'Asia/Tokyo'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['US/Eastern', 'US/Eastern'],
  ])('spells %s as %s', (name, canonical) => {
    const resolved = canonicalTimeZone(name);

    expect(resolved).toBe(canonical);
  });

  it.each([
    ['an offset', '+01:00'],
    ['an empty string', ''],
    ['an unknown zone', 'Mars/Base'],
    ['a well-shaped zone the database lacks', 'Etc/GMT+15'],
    ['a legacy name without an area', 'EST5EDT'],
    ['a lower-case legacy name', 'est5edt'],
    ['an abbreviation', 'CET'],
    ['GMT, which is not spelled UTC', 'gmt'],
    ['surrounding spaces', ' Europe/Paris '],
    ['a name over 64 characters', `Europe/${'A'.repeat(58)}`],
  ])('refuses %s', (_label, name) => {
    const resolved = canonicalTimeZone(name);

    expect(resolved).toBeUndefined();
  });

  it('asks the runtime about a spelling once, however often it is checked', () => {
    const lookups = watchTimeZoneLookups();

    const results = [canonicalTimeZone('pacific/fiji'), canonicalTimeZone('pacific/fiji'), canonicalTimeZone('Mars/Fiji')];
    canonicalTimeZone('Mars/Fiji');

    expect(results).toEqual(['Pacific/Fiji', 'Pacific/Fiji', undefined]);
    expect(lookups).toHaveBeenCalledTimes(2);
  });

  it('forgets the oldest spellings once it holds 512, so junk cannot grow it without end', () => {
    canonicalTimeZone('asia/seoul');
    for (let index = 0; index < 512; index += 1) canonicalTimeZone(`Junk/Zone${index}`);
    const lookups = watchTimeZoneLookups();

    const resolved = canonicalTimeZone('asia/seoul');

    expect(resolved).toBe('Asia/Seoul');
    expect(lookups).toHaveBeenCalledTimes(1);
  });
});

it('keeps a link written as IANA writes it, and corrects the case of a link written otherwise to the zone it names', () => {
  const asWritten = canonicalTimeZone('Asia/Kolkata');
  const shouted = canonicalTimeZone('ASIA/KOLKATA');

  expect(asWritten).toBe('Asia/Kolkata');
  expect(shouted).toBeDefined();
  expect(canonicalTimeZone(shouted ?? '')).toBe(shouted);
  expect(new Intl.DateTimeFormat('en-US', { timeZone: shouted, timeZoneName: 'shortOffset' }).format(0)).toBe(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Kolkata', timeZoneName: 'shortOffset' }).format(0),
  );
});
