/**
 * The state of a notice at an instant, and how its times are shown to the public.
 * A notice is open from opensAt until closesAt, or until it was closed early (closedAt); the status
 * follows the clock, so a notice whose close time has passed reads as closed even before the
 * procedure has recorded the closing.
 */

export type NoticeStatus = 'scheduled' | 'open' | 'closed';

export interface NoticeTimes {
  opensAt: string | Date;
  closesAt: string | Date;
  closedAt?: string | Date | null;
}

const ms = (value: string | Date, name: string): number => {
  const t = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(t)) throw new RangeError(`${name} is not a date-time: ${String(value)}`);
  return t;
};

/** scheduled before opensAt; open in [opensAt, closesAt) unless closed early; closed afterwards. */
export function noticeStatusAt(notice: NoticeTimes, at: string | Date): NoticeStatus {
  const now = ms(at, 'at');
  if (notice.closedAt !== undefined && notice.closedAt !== null && ms(notice.closedAt, 'closedAt') <= now)
    return 'closed';
  if (now >= ms(notice.closesAt, 'closesAt')) return 'closed';
  if (now < ms(notice.opensAt, 'opensAt')) return 'scheduled';
  return 'open';
}

/**
 * An instant as local wall-clock time with its offset, e.g. `2026-11-23T16:00:00+08:00` for
 * `2026-11-23T08:00:00Z` in Asia/Shanghai. The time zone is configuration (an IANA name).
 */
export function localDateTime(instant: string | Date, timeZone: string): string {
  const t = ms(instant, 'instant');
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offsetMin = Math.round((wall - Math.floor(t / 1000) * 1000) / 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${pad(get('year'), 4)}-${pad(get('month'))}-${pad(get('day'))}T${pad(get('hour'))}:${pad(get('minute'))}:${pad(get('second'))}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** True when `timeZone` is an IANA time zone this runtime knows (for validating configuration). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export type NoticeKindRule = 'village_notice' | 'township_notice' | 'county_announcement';

/**
 * Where a notice may be posted and whom it may list: a village notice (村级公示) is one village's
 * (12-digit code); township notices and county announcements are posted for a county (6), township (9)
 * or village (12). Every listed household must live inside the notice's division.
 * Returns the problems (field, message); empty when the scope is sound.
 */
export function noticeScopeProblems(
  kind: NoticeKindRule,
  divisionCode: string,
  villageCodes: readonly string[],
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const allowed = kind === 'village_notice' ? [12] : [6, 9, 12];
  if (!/^\d+$/.test(divisionCode) || !allowed.includes(divisionCode.length)) {
    problems.push({
      field: 'divisionCode',
      message: `a ${kind} needs a ${allowed.join(', ')}-digit division code, got "${divisionCode}"`,
    });
    return problems;
  }
  villageCodes.forEach((v, i) => {
    if (!v.startsWith(divisionCode))
      problems.push({
        field: `entries.${i}.villageCode`,
        message: `village ${v} is outside the notice's division ${divisionCode}`,
      });
  });
  return problems;
}

/**
 * The 12-digit village codes inside a division, as an inclusive range for an index scan:
 * `430523` → [`430523000000`, `430523999999`]. Codes have a fixed length, so string order is numeric order.
 */
export function villageCodeRange(divisionCode: string): [string, string] {
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(divisionCode))
    throw new RangeError(`"${divisionCode}" is not a division code (2, 4, 6, 9 or 12 digits)`);
  return [divisionCode.padEnd(12, '0'), divisionCode.padEnd(12, '9')];
}
