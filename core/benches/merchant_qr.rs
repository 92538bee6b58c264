//! Merchant QR decode and encode, reported in docs/benchmarks.md as ratios against a bare
//! TLV split plus CRC (what a minimal parser does) in the same run.
//! Run: `cargo bench -p crosspay-core --bench merchant_qr`.

use criterion::{criterion_group, criterion_main, Criterion};
use crosspay_core::{decode_merchant_qr, encode_merchant_qr};
use std::hint::black_box;

const FPS: &str = "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3";
const EMVCO: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

/// The peer: split the root objects (lengths in characters) and check the CRC, nothing else.
fn bare_parse(payload: &str) -> usize {
    let chars: Vec<char> = payload.chars().collect();
    let (mut i, mut n) = (0, 0);
    while i + 4 <= chars.len() {
        let len: usize = chars[i + 2..i + 4].iter().collect::<String>().parse().unwrap_or(0);
        i += 4 + len;
        n += 1;
    }
    let body: String = chars[..chars.len() - 4].iter().collect();
    let mut crc: u16 = 0xFFFF;
    for b in body.bytes() {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    n + usize::from(crc)
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("merchant_qr");
    for (name, payload) in [("fps", FPS), ("emvco-sample", EMVCO)] {
        g.bench_function(format!("crosspay/decode-lenient/{name}"), |b| b.iter(|| decode_merchant_qr(black_box(payload), false)));
        g.bench_function(format!("crosspay/decode-strict/{name}"), |b| b.iter(|| decode_merchant_qr(black_box(payload), true)));
        let json = decode_merchant_qr(payload, false).json;
        g.bench_function(format!("crosspay/encode-decoded/{name}"), |b| b.iter(|| encode_merchant_qr(black_box(&json)).unwrap()));
        g.bench_function(format!("peer/bare-tlv-and-crc/{name}"), |b| b.iter(|| bare_parse(black_box(payload))));
    }
    g.finish();
    // Growth up to the input limit (issue 10, finding 7): time per size should grow linearly;
    // over the limit the decoder refuses at once. Duplicate account templates and
    // additional-data objects are what made the old decoder quadratic.
    let mut g = c.benchmark_group("merchant_qr_growth");
    let unit = "26160012hk.com.hkicl62070503abc";
    for chars in [512usize, 1_024, 2_048, 4_096, 4_296, 1 << 20] {
        let payload = format!("000201{}63040000", unit.repeat(chars.saturating_sub(14) / unit.len()));
        g.throughput(criterion::Throughput::Bytes(payload.len() as u64));
        g.bench_function(format!("decode/{}", payload.len()), |b| b.iter(|| decode_merchant_qr(black_box(&payload), false)));
    }
    g.finish();
}

criterion_group! {
    name = merchant_qr_benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(1));
    targets = benches
}
criterion_main!(merchant_qr_benches);
