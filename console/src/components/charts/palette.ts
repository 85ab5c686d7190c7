export const SERIES_COLORS = ["#3e63dd", "#30a46c", "#e5484d", "#f5a524", "#8e4ec6", "#12a594", "#d6409f"];
