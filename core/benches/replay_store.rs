//! The file replay store's claim (SQLite, fsynced per claim) at 10 and at 200,000 aliases, against
//! the in-memory store in the same run; the JSON file it replaced rewrote its whole history per
//! code (955 ms at 200k aliases). Run: `cargo bench -p crosspay-core --features file-store --bench replay_store`.

use criterion::{criterion_group, criterion_main, Criterion};
use crosspay_core::{Claim, FileReplayStore, MemoryReplayStore, ReplayStore};

/// One code a second from one device: the store keeps the last 90 s of its counters.
fn claim(alias: &str, counter: u32) -> Claim<'_> {
    let code_time = 1_795_000_000 + i64::from(counter);
    Claim {
        alias,
        counter,
        code_time,
        amount: Some(("HKD", 2_350)),
        max_exposure: None,
        forget_before: code_time - 90,
        trust_sequence: Some(1),
    }
}

/// A store file already holding `aliases` aliases (filled in one transaction, outside the timing).
fn filled(dir: &std::path::Path, aliases: usize) -> std::path::PathBuf {
    let path = dir.join(format!("replay-{aliases}.db"));
    let _ = std::fs::remove_file(&path);
    drop(FileReplayStore::open(&path).unwrap());
    let mut db = rusqlite::Connection::open(&path).unwrap();
    let tx = db.transaction().unwrap();
    for i in 0..aliases {
        let alias = format!("{i:016x}");
        tx.execute("INSERT INTO alias (alias, highest, last_time) VALUES (?1, 1, 1795000000)", [&alias]).unwrap();
        tx.execute("INSERT INTO seen (alias, counter, code_time) VALUES (?1, 1, 1795000000)", [&alias]).unwrap();
        tx.execute("INSERT INTO exposure (alias, currency, units) VALUES (?1, 'HKD', 2350)", [&alias]).unwrap();
    }
    tx.commit().unwrap();
    path
}

fn benches(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("crosspay-bench-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut g = c.benchmark_group("replay_claim");
    g.sample_size(20);
    for aliases in [10usize, 200_000] {
        let mut store = FileReplayStore::open(filled(&dir, aliases)).unwrap();
        let mut counter = 1u32;
        g.bench_function(format!("file-sqlite/{aliases}-aliases"), |b| {
            b.iter(|| {
                counter += 1;
                store.claim(&claim("0000000000000007", counter)).unwrap()
            })
        });
    }
    let mut memory = MemoryReplayStore::new(usize::MAX);
    let mut counter = 1u32;
    g.bench_function("memory", |b| {
        b.iter(|| {
            counter += 1;
            memory.claim(&claim("0000000000000007", counter)).unwrap()
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(replay_benches, benches);
criterion_main!(replay_benches);
