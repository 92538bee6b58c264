// The one comparison every JS check uses: plain JSON values equal, key order aside, with
// undefined and null both meaning "absent" (the package omits absent keys; the vectors write null).
export function same(a, b) {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (typeof a !== "object") return a === b;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.every((k) => same(a[k], b[k]));
}

// The one way the vector checks collect results: check(name, fn) records { name, ok, detail },
// where fn returns true or says what differs (a throw is a failure naming the error).
export function checker() {
  const results = [];
  const check = (name, fn) => {
    let detail;
    try {
      detail = fn();
    } catch (e) {
      detail = `${e && e.name}: ${e && e.code} ${e && e.message}`;
    }
    results.push({ name, ok: detail === true, detail: detail === true ? "" : String(detail) });
  };
  return { results, check };
}

// What a call did: { value }, { error: code } for a CrosspayError, or { thrown } for anything else.
export function outcome(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return e && e.name === "CrosspayError" ? { error: e.code } : { thrown: String(e) };
  }
}
