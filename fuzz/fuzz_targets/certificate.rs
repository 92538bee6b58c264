//! Device certificates from bytes: what parses is exactly what was read.
#![no_main]
use crosspay_core::DeviceCertificate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cert) = DeviceCertificate::from_bytes(data) {
        assert_eq!(cert.to_bytes(), data);
        let _ = cert.info();
        let _ = DeviceCertificate::from_text(&cert.to_text()).expect("its own text form parses");
    }
});
