//! Trust material: signed trust lists (JWS), trust-list documents, signed rate sheets and
//! numeric seed files.
#![no_main]
use crosspay_core::{verify_rate_sheet, NumericSeed, PrivateKey, TrustList, TrustListDocument};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn fixture() -> &'static (PrivateKey, TrustList) {
    static F: OnceLock<(PrivateKey, TrustList)> = OnceLock::new();
    F.get_or_init(|| {
        let root = PrivateKey::from_raw(&[7u8; 32]).expect("a valid scalar");
        let doc = r#"{"type":"crosspay-trust-list","version":1,"sequence":1,"issued_at":"2026-11-01T00:00:00Z","issuers":[]}"#;
        let jws = crosspay_core::sign_trust_list(&root, doc).expect("the fixture signs");
        let trust = TrustList::verify(&jws, &root.public_key()).expect("the fixture verifies");
        (root, trust)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (root, trust) = fixture();
    let _ = TrustList::verify(text, &root.public_key());
    if let Ok(doc) = TrustListDocument::parse(text) {
        TrustListDocument::parse(&doc.to_json()).expect("a parsed document re-parses");
    }
    let _ = verify_rate_sheet(text, trust, "2026-11-22T08:30:00Z");
    let _ = NumericSeed::from_json(text);
});
