//! One JSON object read member by member, keeping the members that are strings: a JWK, a JWS
//! header, the `certificate` member of `crosspay issuer enroll`'s output. serde_json does the
//! parsing (the same syntax, limits and messages as every other document); what it hands over
//! is kept here as text or as the kind of value it was, never as a `serde_json::Value`, whose
//! code would otherwise be in every wasm module for these three readers alone.
//!
//! A member named twice is refused (RFC 7515 §4 and RFC 7517 §4 allow a reader to refuse it,
//! and a verifier should not pick one of two `alg`s), and so is an object of more than
//! [`MAX_MEMBERS`] members: these objects have a handful, and the check for a name seen before
//! stays bounded (a megabyte of one-letter members is refused after the first 64, not compared
//! pair by pair). String values are zeroized on drop: a private JWK's `d` is one of them.

use serde::de::{self, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use zeroize::Zeroize;

/// The most members an object may have.
pub(crate) const MAX_MEMBERS: usize = 64;

/// A member's value: its text when it is a string, otherwise what kind of value it is.
enum Member {
    Text(String),
    Other(&'static str),
}

/// The members of a JSON object, in document order.
pub(crate) struct FlatObject(Vec<(String, Member)>);

impl Drop for FlatObject {
    fn drop(&mut self) {
        for (_, member) in &mut self.0 {
            if let Member::Text(text) = member {
                text.zeroize();
            }
        }
    }
}

impl FlatObject {
    /// Reads `text` as exactly one JSON object (whitespace around it allowed). The error is
    /// serde_json's, with its position: "invalid type: sequence, expected a JSON object at
    /// line 1 column 0", "duplicate member \"a\" at line 1 column 18".
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let mut reader = serde_json::Deserializer::from_str(text);
        let object = reader.deserialize_map(ObjectVisitor)?;
        reader.end()?;
        Ok(object)
    }

    fn get(&self, name: &str) -> Option<&Member> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, m)| m)
    }

    /// The member's text; `Ok(None)` when there is no such member, and when it is not a string,
    /// what it is instead ("a number", "an array", …).
    pub fn text(&self, name: &str) -> Result<Option<&str>, &'static str> {
        match self.get(name) {
            None => Ok(None),
            Some(Member::Text(t)) => Ok(Some(t)),
            Some(Member::Other(kind)) => Err(kind),
        }
    }

    /// The member for a message: its text quoted as Rust's `{:?}` quotes it, "missing", or
    /// what kind of value it is.
    pub fn describe(&self, name: &str) -> String {
        match self.get(name) {
            None => "missing".into(),
            Some(Member::Text(t)) => format!("{t:?}"),
            Some(Member::Other(kind)) => (*kind).into(),
        }
    }

    /// The member names, in document order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = FlatObject;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FlatObject, A::Error> {
        let mut object = FlatObject(Vec::new());
        while let Some(name) = map.next_key::<String>()? {
            if object.0.len() == MAX_MEMBERS {
                return Err(de::Error::custom(format_args!("more than {MAX_MEMBERS} members")));
            }
            if object.get(&name).is_some() {
                return Err(de::Error::custom(format_args!("duplicate member {name:?}")));
            }
            let member = map.next_value_seed(MemberSeed)?;
            object.0.push((name, member));
        }
        Ok(object)
    }
}

struct MemberSeed;

impl<'de> DeserializeSeed<'de> for MemberSeed {
    type Value = Member;

    fn deserialize<D: de::Deserializer<'de>>(self, value: D) -> Result<Member, D::Error> {
        value.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MemberSeed {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<Member, E> {
        Ok(Member::Text(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Member, E> {
        Ok(Member::Text(v))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Member, E> {
        Ok(Member::Other("a boolean"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Member, E> {
        Ok(Member::Other("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Member, E> {
        Ok(Member::Other("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Member, E> {
        Ok(Member::Other("a number"))
    }

    fn visit_unit<E>(self) -> Result<Member, E> {
        Ok(Member::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Member, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Member::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Member, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Member::Other("an object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> FlatObject {
        FlatObject::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn refused(text: &str) -> String {
        match FlatObject::parse(text) {
            Ok(o) => panic!("{text}: accepted with members {:?}", o.names().collect::<Vec<_>>()),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn strings_are_kept_and_other_values_named() {
        let o =
            parsed(r#" {"a":"x\u00e9\"","n":-1.5e3,"u":18446744073709551615,"t":true,"z":null,"l":[1,[{"q":2}]],"o":{"k":"v"},"e":""} "#);
        assert_eq!(o.names().collect::<Vec<_>>(), ["a", "n", "u", "t", "z", "l", "o", "e"]);
        assert_eq!(o.text("a"), Ok(Some("xé\"")));
        assert_eq!(o.text("e"), Ok(Some("")));
        assert_eq!(o.text("missing"), Ok(None));
        let kinds: Vec<_> = ["n", "u", "t", "z", "l", "o"].iter().map(|n| o.text(n).unwrap_err()).collect();
        assert_eq!(kinds, ["a number", "a number", "a boolean", "null", "an array", "an object"]);
        assert_eq!([o.describe("a"), o.describe("l"), o.describe("nope")], [r#""xé\"""#, "an array", "missing"]);
        assert_eq!(parsed("{}").names().count(), 0);
    }

    #[test]
    fn anything_but_one_object_with_unique_names_is_refused() {
        assert_eq!(refused("[1]"), "invalid type: sequence, expected a JSON object at line 1 column 0");
        assert_eq!(refused(r#""{}""#), "invalid type: string \"{}\", expected a JSON object at line 1 column 4");
        assert_eq!(refused(r#"{"a":"1","b":2,"a":"3"}"#), "duplicate member \"a\" at line 1 column 18");
        assert!(refused(r#"{"a":"1"} {}"#).starts_with("trailing characters"));
        assert!(refused(r#"{"a":"1""#).starts_with("EOF while parsing an object"));
        assert!(refused(r#"{"a":01}"#).starts_with("invalid number"));
        assert!(refused("").starts_with("EOF while parsing a value"));
        let members = |n: usize| format!("{{{}}}", (0..n).map(|i| format!(r#""m{i}":{i}"#)).collect::<Vec<_>>().join(","));
        assert_eq!(parsed(&members(MAX_MEMBERS)).names().count(), MAX_MEMBERS);
        assert!(refused(&members(MAX_MEMBERS + 1)).starts_with("more than 64 members at line 1 column"));
        // serde_json skips an ignored member without recursing: deep nesting is no stack overflow.
        let deep = format!(r#"{{"a":{}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parsed(&deep).text("a"), Err("an array"));
    }
}
