//! Core encodes and decodes base64 (EMV CPM payloads) and base64url (JWS, JWK, certificates,
//! seeds, key ids) with `base64ct`, in constant time. Before, it used the `base64` crate, which
//! stays here as the oracle: every text either crate is given is accepted or refused by both, with
//! the same bytes, so no code, key or document reads differently than it did.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use proptest::prelude::*;

/// What a text could be mutated with: both alphabets' extra letters, padding, white space, a
/// non-ASCII letter, and letters whose low bits matter in a last group.
const MUTATIONS: &[char] = &['+', '/', '-', '_', '=', ' ', '\n', '.', 'A', 'B', 'Q', 'g', 'w', '0', '9', 'é'];

fn mutate(text: &str, at: usize, with: char, how: u8) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = if chars.is_empty() { 0 } else { at % (chars.len() + 1) };
    match how % 4 {
        0 if at < chars.len() => chars[at] = with,
        1 => chars.insert(at, with),
        2 if at < chars.len() => {
            chars.remove(at);
        }
        _ => chars.push(with),
    }
    chars.into_iter().collect()
}

fn same_decoding(text: &str) {
    let ours = Base64UrlUnpadded::decode_vec(text).ok();
    let oracle = URL_SAFE_NO_PAD.decode(text).ok();
    assert_eq!(ours, oracle, "base64url {text:?}");
    let ours = Base64::decode_vec(text).ok();
    let oracle = STANDARD.decode(text).ok();
    assert_eq!(ours, oracle, "base64 {text:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn encodings_are_the_oracles(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        prop_assert_eq!(Base64UrlUnpadded::encode_string(&bytes), URL_SAFE_NO_PAD.encode(&bytes));
        prop_assert_eq!(Base64::encode_string(&bytes), STANDARD.encode(&bytes));
        same_decoding(&URL_SAFE_NO_PAD.encode(&bytes));
        same_decoding(&STANDARD.encode(&bytes));
    }

    #[test]
    fn mutated_texts_are_read_as_the_oracle_reads_them(
        bytes in proptest::collection::vec(any::<u8>(), 0..40),
        padded: bool,
        at in 0usize..64,
        with in proptest::sample::select(MUTATIONS),
        how: u8,
    ) {
        let text = if padded { STANDARD.encode(&bytes) } else { URL_SAFE_NO_PAD.encode(&bytes) };
        same_decoding(&mutate(&text, at, with, how));
    }

    #[test]
    fn any_short_text_over_the_alphabets_is_read_as_the_oracle_reads_it(text in "[A-Za-z0-9+/_=-]{0,12}") {
        same_decoding(&text);
    }
}

/// The cases that tell strict decoders from lenient ones, written out.
#[test]
fn non_canonical_and_padded_texts_are_refused_by_both() {
    for text in ["", "QQ", "QR", "QQ==", "QR==", "QUI", "QUJ", "QUI=", "Q", "QQ=", "QQ===", "QUJD", "QUJD=", "QU JD", "QUJD\n", "=QUJD", "QUJ-", "QUJ+", "QUJ/", "QUJ_"] {
        same_decoding(text);
    }
}
