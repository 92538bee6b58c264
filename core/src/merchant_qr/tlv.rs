//! EMV merchant-presented TLV: a two-digit id, a two-digit length counted in **characters**
//! (not bytes: Chinese, Thai, Khmer and Vietnamese names occur), then the value.

use super::issue::{Issue, IssueCode};

/// One data object, with the character position of its id in the whole payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tlv {
    pub id: String,
    pub value: String,
    pub position: usize,
    pub value_position: usize,
}

/// Parses `text` (which starts at character `base` of the payload) into data objects.
pub(crate) fn parse(text: &str, base: usize) -> Result<Vec<Tlv>, Issue> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let position = base + i;
        let id: String = chars[i..chars.len().min(i + 2)].iter().collect();
        if id.len() < 2 || !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(Issue::new(IssueCode::TlvBadId, position, format!("expected a two-digit id, found {id:?}")));
        }
        let len_text: String = chars[(i + 2).min(chars.len())..chars.len().min(i + 4)].iter().collect();
        if len_text.chars().count() < 2 || !len_text.chars().all(|c| c.is_ascii_digit()) {
            return Err(Issue::new(
                IssueCode::TlvBadLength,
                position + 2,
                format!("id {id}: expected a two-digit length, found {len_text:?}"),
            ));
        }
        let len: usize = len_text.parse().unwrap_or(0);
        let start = i + 4;
        if len == 0 {
            return Err(Issue::new(IssueCode::TlvBadLength, position + 2, format!("id {id}: a length of 00 is not allowed")));
        }
        if start + len > chars.len() {
            return Err(Issue::new(
                IssueCode::TlvTruncated,
                position + 2,
                format!("id {id} declares {len} characters but only {} remain", chars.len().saturating_sub(start)),
            ));
        }
        out.push(Tlv { value: chars[start..start + len].iter().collect(), id, position, value_position: base + start });
        i = start + len;
    }
    Ok(out)
}

/// Writes data objects, each length in characters.
pub(crate) fn write(objects: &[(String, String)]) -> Result<String, String> {
    let mut out = String::new();
    for (id, value) in objects {
        let n = value.chars().count();
        if id.len() != 2 || !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("id {id:?} is not two digits"));
        }
        if n == 0 || n > 99 {
            return Err(format!("id {id}: a value of {n} characters does not fit (1 to 99)"));
        }
        out.push_str(&format!("{id}{n:02}{value}"));
    }
    Ok(out)
}
