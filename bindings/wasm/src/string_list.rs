//! A JS array of strings read in one crossing: the other way of the tape's tag `13`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(raw_module = "./tape.js")]
extern "C" {
    /// An array of strings joined by `\n`, or the glue's invalid_argument error for anything else.
    #[wasm_bindgen(js_name = joinStrings, catch)]
    fn join_strings(list: &JsValue, name: &str) -> Result<String, JsValue>;
}

/// A JS array of strings (`name` in errors), read in one crossing: joined by `\n` on the JS side
/// and split here, without a copy per element.
pub(crate) struct StringList {
    joined: String,
    /// The elements read one by one: for an empty array, and should an element itself hold a
    /// line feed (no amount can), so that the caller sees each exactly as given.
    each: Option<Vec<String>>,
}

impl StringList {
    pub(crate) fn read(list: &JsValue, name: &str) -> Result<Self, JsValue> {
        let joined = join_strings(list, name)?;
        let array: &js_sys::Array = list.unchecked_ref();
        let n = array.length() as usize;
        let lines = 1 + joined.bytes().filter(|&b| b == b'\n').count();
        let each = (n == 0 || lines != n).then(|| array.iter().map(|v| v.as_string().unwrap_or_default()).collect());
        Ok(Self { joined, each })
    }

    pub(crate) fn items(&self) -> Vec<&str> {
        let Self { joined, each } = self;
        if let Some(each) = each {
            return each.iter().map(String::as_str).collect();
        }
        // A byte loop: `str::split`'s searcher (memchr, set up for long haystacks) cost more than
        // the amounts it splits, which are a few bytes each. Every cut is at an ASCII byte, so
        // each part is a whole `str`.
        let mut items = Vec::with_capacity(1 + joined.len() / 4);
        let mut start = 0;
        for (i, &b) in joined.as_bytes().iter().enumerate() {
            if b == b'\n' {
                items.push(joined.get(start..i).unwrap_or_default());
                start = i + 1;
            }
        }
        items.push(joined.get(start..).unwrap_or_default());
        items
    }
}
