// The one comparison every JS check uses: plain JSON values equal, key order aside, with
// undefined and null both meaning "absent" (the package omits absent keys; the vectors write null).
export function same(a, b) {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (typeof a !== "object") return a === b;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.every((k) => same(a[k], b[k]));
}
