//! [`TextList`]: a price list's amount texts in one buffer instead of a `String` each.

use serde::de::Deserialize;
use serde::ser::{Serialize, SerializeSeq};

/// The texts of a list (a price list's sources and targets), in order, written one after the
/// other into one buffer: a thousand amounts are one allocation, not a thousand, and a format
/// that can take the list as one text (the WebAssembly tape, through [`TEXT_LIST`]) writes it
/// without a string per element. It reads like a `Vec<String>` (`list.get(i)`, `list.iter()`,
/// `list.len()`, `list == vec`; `get` rather than indexing, so that a wrong index is `None`, never
/// a panic) and crosses every boundary as a list of strings: serde, uniffi (Kotlin
/// `List<String>`, Swift `[String]`, Python `list[str]`) and TypeScript (`string[]`).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct TextList {
    /// The texts, back to back (nothing between them).
    buffer: String,
    /// Where each text ends in `buffer`.
    ends: Vec<usize>,
    /// No text has a line feed or a non-ASCII character: the list can cross as its texts joined
    /// by `\n` ([`TEXT_LIST`]).
    plain: bool,
}

/// The serde newtype name of a [`TextList`] of one or more ASCII texts without line feeds (other
/// lists are plain sequences): transparent to serde_json and every other format (a sequence of
/// strings), it lets the WebAssembly tape write the list as one text.
pub const TEXT_LIST: &str = "crosspay::TextList";

impl TextList {
    pub fn new() -> Self {
        Self::with_capacity(0, 0)
    }

    /// Room for `texts` texts of `bytes` bytes in all.
    pub fn with_capacity(texts: usize, bytes: usize) -> Self {
        Self { buffer: String::with_capacity(bytes), ends: Vec::with_capacity(texts), plain: true }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`th text.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1],
        };
        self.buffer.get(start..end)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let text = self.buffer.get(start..end).unwrap_or_default();
            start = end;
            text
        })
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    pub fn push(&mut self, text: &str) {
        self.plain = self.plain && is_plain(text);
        self.append(text);
    }

    /// [`Self::push`] for a text the caller knows is ASCII without a line feed (an amount it
    /// wrote or parsed: digits, `.` and `-`), which is not scanned again.
    pub(crate) fn push_plain(&mut self, text: &str) {
        debug_assert!(is_plain(text), "{text:?}");
        self.append(text);
    }

    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn append(&mut self, text: &str) {
        self.buffer.push_str(text);
        self.ends.push(self.buffer.len());
    }
}

fn is_plain(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii() && b != b'\n')
}

impl std::fmt::Debug for TextList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> FromIterator<S> for TextList {
    fn from_iter<I: IntoIterator<Item = S>>(texts: I) -> Self {
        let mut list = Self::new();
        for text in texts {
            list.push(text.as_ref());
        }
        list
    }
}

impl From<Vec<String>> for TextList {
    fn from(texts: Vec<String>) -> Self {
        texts.iter().collect()
    }
}

impl<S: AsRef<str>> PartialEq<[S]> for TextList {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for TextList {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<TextList> for Vec<S> {
    fn eq(&self, other: &TextList) -> bool {
        *other == self[..]
    }
}

impl Serialize for TextList {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Texts<'a>(&'a TextList);
        impl Serialize for Texts<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                for text in self.0.iter() {
                    seq.serialize_element(text)?;
                }
                seq.end()
            }
        }
        match self.plain {
            true if !self.is_empty() => serializer.serialize_newtype_struct(TEXT_LIST, &Texts(self)),
            _ => Texts(self).serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_the_texts_pushed() {
        for texts in [vec![], vec![""], vec!["", ""], vec!["1.00", "-2.50", "0"], vec!["a\nb", "c"], vec!["1", "€2", "", "3\n"]] {
            let list: TextList = texts.iter().collect();
            assert_eq!(list.len(), texts.len());
            assert_eq!(list.iter().collect::<Vec<_>>(), texts);
            assert_eq!(list, texts);
            assert_eq!(list.to_vec(), texts.iter().map(|t| t.to_string()).collect::<Vec<_>>());
            assert_eq!(format!("{list:?}"), format!("{texts:?}"));
            assert_eq!(serde_json::to_string(&list).unwrap(), serde_json::to_string(&texts).unwrap());
            assert_eq!(serde_json::from_str::<TextList>(&serde_json::to_string(&texts).unwrap()).unwrap(), list);
            let plain = texts.iter().all(|t| t.is_ascii() && !t.contains('\n'));
            assert_eq!(list.plain, plain);
            assert_eq!(list.buffer, texts.concat());
            for (i, t) in texts.iter().enumerate() {
                assert_eq!(list.get(i), Some(*t));
            }
            assert_eq!(list.get(texts.len()), None);
        }
    }

    #[test]
    fn plain_texts_pushed_unchecked_read_the_same() {
        for first in [vec![], vec!["1.00"], vec!["€1", "a\nb"]] {
            let mut list: TextList = first.iter().collect();
            list.push_plain("2.50");
            list.push_plain("-0.05");
            let want: Vec<&str> = first.iter().copied().chain(["2.50", "-0.05"]).collect();
            assert_eq!(list, want);
            assert_eq!(list, want.iter().collect::<TextList>());
        }
    }
}
