// Plain values the grid and toolbar need, apart from the zod schema.
export const GRID_COLUMNS = 12;
export const REFRESH_CHOICES = [0, 30, 60, 300, 900] as const;
