//! A JS array of strings read in one crossing: the other way of the tape's tag `13`.

use crate::{invalid_argument, to_js, to_object, JsResult};
use crosspay_core::{Conversions, TextList};
use tsify::Ts;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(raw_module = "./tape.js")]
extern "C" {
    /// The elements joined by `\n` in UTF-8, each read once and put in `copy` (empty before);
    /// or the glue's invalid_argument error for anything but an array of strings.
    #[wasm_bindgen(js_name = readStrings, catch)]
    fn read_strings(list: &JsValue, name: &str, copy: &js_sys::Array) -> Result<Vec<u8>, JsValue>;
}

/// A JS array of strings (`name` in errors), read in one crossing: each element read once into a
/// plain copy on the JS side, the texts joined by `\n` as UTF-8 bytes and split here, without a
/// crossing per element.
pub(crate) struct StringList {
    joined: String,
    /// The elements read one by one: for an empty array, and should an element itself hold a
    /// line feed (no amount can), so that the caller sees each exactly as given.
    each: Option<Vec<String>>,
    /// The JS side's copy of the array (a plain `Array` nobody else holds).
    copy: js_sys::Array,
}

impl StringList {
    #[cfg_attr(crosspay_speed, optimize(speed))]
    pub(crate) fn read(list: &JsValue, name: &str) -> Result<Self, JsValue> {
        let copy = js_sys::Array::new();
        let bytes = read_strings(list, name, &copy)?;
        // The JS side wrote UTF-8 (char codes below 128, or TextEncoder): never refused.
        let joined = String::from_utf8(bytes).map_err(|_| invalid_argument(name, "an array of strings"))?;
        let n = copy.length() as usize;
        let lines = 1 + joined.bytes().filter(|&b| b == b'\n').count();
        let each = (n == 0 || lines != n).then(|| copy.iter().map(|v| v.as_string().unwrap_or_default()).collect());
        Ok(Self { joined, each, copy })
    }

    #[cfg_attr(crosspay_speed, optimize(speed))]
    pub(crate) fn items(&self) -> Vec<&str> {
        if let Some(each) = &self.each {
            return each.iter().map(String::as_str).collect();
        }
        // A byte loop: `str::split`'s searcher (memchr, set up for long haystacks) cost more than
        // the amounts it splits, which are a few bytes each. Every cut is at an ASCII byte, so
        // each part is a whole `str`.
        let joined = &self.joined;
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

    /// A price list's receipt over these amounts (`items`), for JavaScript. When its `sources`
    /// are exactly the texts given (amounts written at their currency's minor units, the usual
    /// case), the array read in is handed back as them: the same texts do not cross a second
    /// time, nor are a thousand strings made again.
    #[cfg_attr(crosspay_speed, optimize(speed))]
    pub(crate) fn receipt(&self, items: &[&str], mut receipt: Conversions) -> JsResult<Ts<Conversions>> {
        if receipt.sources != *items {
            return to_js(receipt);
        }
        receipt.sources = TextList::new();
        let value = to_object(&receipt)?;
        // The field's name as serde writes it (a vector test fails should it ever differ).
        js_sys::Reflect::set(&value, &JsValue::from_str("sources"), &self.copy)?;
        Ok(Ts::new_unchecked(value))
    }
}
