// Where a bucket falls in the day and the week. Profiles are kept at a resolution of at most
// 288 slots a day (5 minutes) and 168 a week (hours) whatever the bucket size, so a snapshot
// stays small for 10-second buckets as for hourly ones. Seasons follow UTC.

const DAY = 86_400;
const WEEK = 7 * DAY;
const MAX_DAILY_SLOTS = 288;
const MAX_WEEKLY_SLOTS = 168;

export interface SeasonalLayout {
  dailySlots: number; // 0: no daily profile (buckets too coarse to see a day's shape)
  weeklySlots: number; // 0: no weekly profile
  dailySlotSeconds: number;
  weeklySlotSeconds: number;
}

export function seasonalLayout(bucketSeconds: number): SeasonalLayout {
  const perDay = Math.round(DAY / bucketSeconds);
  const dailySlots = perDay >= 4 ? Math.min(MAX_DAILY_SLOTS, perDay) : 0;
  const perWeek = Math.round(WEEK / bucketSeconds);
  const weeklySlots = perWeek >= 7 ? Math.min(MAX_WEEKLY_SLOTS, perWeek) : 0;
  return {
    dailySlots,
    weeklySlots,
    dailySlotSeconds: dailySlots ? DAY / dailySlots : 0,
    weeklySlotSeconds: weeklySlots ? WEEK / weeklySlots : 0,
  };
}

export function dailySlot(layout: SeasonalLayout, t: number): number {
  const s = (((t / 1000) % DAY) + DAY) % DAY;
  return Math.min(layout.dailySlots - 1, Math.floor(s / layout.dailySlotSeconds));
}

export function weeklySlot(layout: SeasonalLayout, t: number): number {
  // Epoch day 0 was a Thursday; shift so slot 0 starts on Monday 00:00 UTC.
  const s = (((t / 1000 + 3 * DAY) % WEEK) + WEEK) % WEEK;
  return Math.min(layout.weeklySlots - 1, Math.floor(s / layout.weeklySlotSeconds));
}

export const SECONDS_PER_DAY = DAY;
export const SECONDS_PER_WEEK = WEEK;
