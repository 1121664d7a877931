/** Plan options given as query parameters beside a Markdown body: `?workspace=…&k=3&models.Coder=…&labels.team=…`. */
export function optionsFromQuery(query: Record<string, string | string[]>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const nested: Record<string, Record<string, string>> = { models: {}, labels: {} };
  for (const [key, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const [head, ...rest] = key.split('.');
    if ((head === 'models' || head === 'labels') && rest.length > 0) nested[head][rest.join('.')] = value;
    else options[key] = value;
  }
  for (const [key, map] of Object.entries(nested)) if (Object.keys(map).length > 0) options[key] = map;
  return options;
}
