// Plain values the dashboard page needs at first load, kept apart from the zod schema so the
// schema (and zod) load only with the widget editor.
export const GRID_COLUMNS = 12;
export const REFRESH_CHOICES = [0, 30, 60, 300, 900] as const;
