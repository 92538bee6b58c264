//! A verifier fleet: `crosspay serve` instances on one Redis (Debian's redis-server, started here
//! on a free loopback port with its own data folder and append-only file, and stopped at the end).
//! Every code sent to two instances at the same moment is accepted exactly once; the exposure
//! limit holds across instances; with Redis killed every code is refused (fail closed) and
//! /healthz says so, nothing is accepted twice after it comes back, and service resumes by itself.
mod common;

use common::{temp, vectors};
use crosspay_core::{issue_certificate, CertificateSpec, CodeRequest, OfflineLimit, PrivateKey, Wallet};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const AT: &str = "2026-11-22T08:30:00Z";
const VERIFY_AT: &str = "2026-11-22T08:30:01Z";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.1 request on a fresh connection: (status, body).
fn http(port: u16, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    write!(s, "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())?;
    let mut raw = String::new();
    s.read_to_string(&mut raw)?;
    let status = raw.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

fn verify(port: u16, payload: &str) -> Value {
    let (status, body) = http(port, "POST", "/v1/verify", &serde_json::json!({ "payload": payload, "at": VERIFY_AT }).to_string()).unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// Whether a Redis answers PING on `port`.
fn answers_ping(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
    let mut reply = [0u8; 5];
    s.write_all(b"PING\r\n").is_ok() && s.read_exact(&mut reply).is_ok() && &reply == b"+PONG"
}

struct Redis {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

impl Redis {
    fn start(dir: &Path) -> Self {
        // A free port may be taken by another test before redis-server binds it: try again.
        for _ in 0..5 {
            let mut r = Redis { child: None, port: free_port(), dir: dir.to_path_buf() };
            if r.spawn() {
                return r;
            }
        }
        panic!("redis-server did not start on any of five free ports");
    }

    /// Starts redis-server on `self.port`; false when it exits at once (the port was taken).
    fn spawn(&mut self) -> bool {
        let exe = ["/usr/bin/redis-server", "/usr/sbin/redis-server"].into_iter().find(|p| Path::new(p).exists());
        let exe = exe.expect("redis-server is missing: run scripts/setup.sh (it installs Debian's redis-server)");
        let mut child = Command::new(exe)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--protected-mode", "yes", "--save", ""])
            .args(["--appendonly", "yes", "--appendfsync", "always", "--dir"])
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        // A Redis, not any listener: another test's server may have taken the port first.
        while !answers_ping(self.port) {
            if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.child = Some(child);
        true
    }

    /// SIGKILL: no shutdown, no save (the append-only file, synced on every write, is the state).
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.kill();
    }
}

struct Serve {
    child: Child,
    port: u16,
}

impl Drop for Serve {
    fn drop(&mut self) {
        // SIGTERM: a graceful stop
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The trust material every instance starts from: the vectors' root and trust list.
fn trust_files(dir: &Path) -> (PathBuf, PathBuf) {
    let v = vectors("paycodes.json");
    let root = PrivateKey::from_raw(&hex::decode(v["keys"]["root"].as_str().unwrap()).unwrap()).unwrap();
    let (tl, rk) = (dir.join("trust-list.jws"), dir.join("root.pub"));
    std::fs::write(&tl, v["trust_list"]["jws"].as_str().unwrap()).unwrap();
    std::fs::write(&rk, root.public_key().to_spki_pem()).unwrap();
    (tl, rk)
}

fn serve(dir: &Path, redis: &Redis, extra: &[&str]) -> Serve {
    let (tl, rk) = trust_files(dir);
    serve_files(&tl, &rk, redis, extra)
}

fn serve_files(tl: &Path, rk: &Path, redis: &Redis, extra: &[&str]) -> Serve {
    // Port 0: the server binds a free port itself and says which (no race with other tests).
    let mut args = vec!["serve".to_string(), "--listen".into(), "127.0.0.1:0".into(), "--trust-list".into(), tl.display().to_string()];
    args.extend([
        "--root-public-key".into(),
        rk.display().to_string(),
        "--redis".into(),
        redis.url(),
        "--redis-timeout-ms".into(),
        "300".into(),
    ]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosspay")).args(&args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let said = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let heard = said.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(addr) = line.strip_prefix("crosspay serve: listening on ") {
                let _ = tx.send(addr.rsplit(':').next().and_then(|p| p.parse::<u16>().ok()));
            }
            heard.lock().unwrap().push(line);
        } // and keeps draining until the server exits
    });
    let Some(port) = rx.recv_timeout(Duration::from_secs(60)).ok().flatten() else {
        let status = child.try_wait().ok().flatten();
        let _ = child.kill();
        panic!("crosspay serve did not start listening (exit: {status:?}); it said:\n{}", said.lock().unwrap().join("\n"));
    };
    let s = Serve { child, port };
    let deadline = Instant::now() + Duration::from_secs(60);
    while !matches!(http(port, "GET", "/healthz", ""), Ok((200, _))) {
        assert!(Instant::now() < deadline, "crosspay serve did not become healthy");
        std::thread::sleep(Duration::from_millis(50));
    }
    s
}

/// `n` codes from a wallet whose certificate the vectors' issuer signs for `device`.
fn codes(device: &str, alias: &str, n: usize, amount: Option<&str>) -> Vec<String> {
    let v = vectors("paycodes.json");
    let key = |name: &str| PrivateKey::from_raw(&hex::decode(v["keys"][name].as_str().unwrap()).unwrap()).unwrap();
    let device = key(device);
    let spec = CertificateSpec {
        alias: Some(alias.into()),
        not_before: "2026-11-01T00:00:00Z".into(),
        not_after: "2026-12-31T23:59:59Z".into(),
        scope: vec!["transit".into()],
        limits: vec![OfflineLimit { currency: "HKD".into(), amount: "500.00".into() }],
    };
    let cert = issue_certificate(&key("issuer-2026"), &device.public_key(), &spec).unwrap().to_text();
    let mut wallet = Wallet::new(&cert, None).unwrap();
    (0..n)
        .map(|_| {
            let request =
                CodeRequest { at: AT.into(), amount: amount.map(String::from), currency: amount.map(|_| "HKD".into()), container: None };
            let code = wallet.generate(&device, &request).unwrap();
            wallet = Wallet::new(&cert, Some(&code.state)).unwrap();
            code.payload
        })
        .collect()
}

/// Sends every code to two instances at the same moment, from `threads` workers; a worker takes a
/// whole wallet, so each wallet's codes arrive in order (a person shows one code after another:
/// an older counter after a newer one is a rewind, refused by design). Returns each code's two
/// verdicts, wallet by wallet.
fn race(wallets: &[Vec<String>], ports: &[u16], threads: usize) -> Vec<[Value; 2]> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(vec![Vec::new(); wallets.len()]);
    std::thread::scope(|scope| {
        for w in 0..threads {
            let (next, results) = (&next, &results);
            scope.spawn(move || loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if k >= wallets.len() {
                    break;
                }
                let mut verdicts = Vec::new();
                for (i, code) in wallets[k].iter().enumerate() {
                    // two different instances, varied by wallet, code and worker
                    let a = (k * 7 + i * 3 + w) % ports.len();
                    let b = (a + 1 + (k + i) % (ports.len() - 1)) % ports.len();
                    let barrier = std::sync::Barrier::new(2);
                    let pair = std::thread::scope(|s| {
                        let first = s.spawn(|| {
                            barrier.wait();
                            verify(ports[a], code)
                        });
                        barrier.wait();
                        let second = verify(ports[b], code);
                        [first.join().unwrap(), second]
                    });
                    verdicts.push(pair);
                }
                results.lock().unwrap()[k] = verdicts;
            });
        }
    });
    results.into_inner().unwrap().into_iter().flatten().collect()
}

#[test]
fn four_instances_on_one_redis_accept_each_code_exactly_once_and_hold_the_exposure_limit() {
    let dir = temp("fleet");
    let redis = Redis::start(&dir);
    let fleet: Vec<Serve> = (0..4).map(|_| serve(&dir, &redis, &["--terminal-currency", "HKD", "--max-exposure", "150.00"])).collect();
    let ports: Vec<u16> = fleet.iter().map(|s| s.port).collect();

    // 2,000 codes: 200 wallets of 10
    let wallets: Vec<Vec<String>> = (0..200).map(|w| codes("device-1", &format!("f1f1f1f1f1f1{w:04x}"), 10, None)).collect();
    let plain: Vec<String> = wallets.iter().flatten().cloned().collect();
    let verdicts = race(&wallets, &ports, 8);
    assert_eq!(verdicts.len(), 2000);
    for (i, [a, b]) in verdicts.iter().enumerate() {
        let accepted = [a, b].iter().filter(|v| v["accepted"] == true).count();
        assert_eq!(accepted, 1, "code {i}: {a} / {b}");
        let refused = if a["accepted"] == true { b } else { a };
        assert_eq!(refused["reason"], "replay", "code {i}: {refused}");
    }
    // and a third showing, anywhere, is a replay too
    for (i, code) in plain.iter().enumerate().step_by(97) {
        assert_eq!(verify(ports[i % 4], code)["reason"], "replay");
    }

    // 1.00 HKD each against 150.00 of offline exposure for the alias, across the fleet
    let paid = vec![codes("device-2", "e2e2e2e2e2e2e2e2", 300, Some("1.00"))];
    let verdicts = race(&paid, &ports, 1);
    let accepted = verdicts.iter().flatten().filter(|v| v["accepted"] == true).count();
    assert_eq!(accepted, 150, "exactly the limit's worth is accepted");
    for [a, b] in &verdicts {
        assert!(!(a["accepted"] == true && b["accepted"] == true), "both accepted: {a}");
        for v in [a, b] {
            if v["accepted"] != true {
                assert!(["replay", "exposure_exceeded"].contains(&v["reason"].as_str().unwrap()), "{v}");
            }
        }
    }
    let metrics = http(ports[0], "GET", "/metrics", "").unwrap().1;
    assert!(metrics.contains("crosspay_verifications_total{verdict=\"accepted\"}"), "{metrics}");
    assert!(metrics.contains("crosspay_store_claim_seconds_bucket{le=\"+Inf\"}"));
    assert!(metrics.contains("crosspay_trust_list_sequence 7"));
}

#[test]
fn with_redis_down_every_code_is_refused_and_service_resumes_without_a_double_accept() {
    let dir = temp("fleet-down");
    let mut redis = Redis::start(&dir);
    let fleet: Vec<Serve> = (0..2).map(|_| serve(&dir, &redis, &[])).collect();
    let all = codes("device-1", "d0d0d0d0d0d0d0d0", 60, None);
    let (before, rest) = all.split_at(20);
    let (during, after) = rest.split_at(20);
    for (i, code) in before.iter().enumerate() {
        assert_eq!(verify(fleet[i % 2].port, code)["accepted"], true);
    }

    redis.kill();
    for s in &fleet {
        assert_eq!(http(s.port, "GET", "/healthz", "").unwrap().0, 503, "healthz says the store is down");
    }
    for (i, code) in during.iter().enumerate() {
        let v = verify(fleet[i % 2].port, code);
        assert_eq!(v["accepted"], false, "fail closed: {v}");
        assert_eq!(v["reason"], "replay_store_failed", "{v}");
    }
    for code in before {
        assert_eq!(verify(fleet[1].port, code)["accepted"], false);
    }

    assert!(redis.spawn(), "redis-server restarts on its port"); // same port and folder: the append-only file brings the state back
    let deadline = Instant::now() + Duration::from_secs(10);
    while http(fleet[0].port, "GET", "/healthz", "").unwrap().0 != 200 {
        assert!(Instant::now() < deadline, "service did not resume");
        std::thread::sleep(Duration::from_millis(50));
    }
    for (i, code) in before.iter().enumerate() {
        assert_eq!(verify(fleet[i % 2].port, code)["reason"], "replay", "accepted before the outage: never again");
    }
    // codes refused during the outage were never recorded: a later, fresh showing may pass
    for (i, code) in during.iter().chain(after).enumerate() {
        assert_eq!(verify(fleet[i % 2].port, code)["accepted"], true);
    }
    let metrics = http(fleet[0].port, "GET", "/metrics", "").unwrap().1;
    assert!(metrics.contains("reason=\"replay_store_failed\""), "{metrics}");
}

#[test]
fn unusable_requests_are_400_and_oversized_ones_413() {
    let dir = temp("fleet-requests");
    let redis = Redis::start(&dir);
    let s = serve(&dir, &redis, &[]);
    for (body, code) in [
        ("not json", "invalid_request"),
        ("{}", "invalid_request"),
        (r#"{"payload": 7}"#, "invalid_request"),
        (r#"{"payload": "CP1:X", "at": "yesterday"}"#, "invalid_time"),
        (r#"{"payload": "CP1:X", "extra": 1}"#, "invalid_request"),
    ] {
        let (status, text) = http(s.port, "POST", "/v1/verify", body).unwrap();
        assert_eq!(status, 400, "{body}: {text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["error"]["code"], code, "{body}");
    }
    // a malformed code is a refusal, as in the CLI
    let (status, text) = http(s.port, "POST", "/v1/verify", r#"{"payload": "CP1:NOT A CODE"}"#).unwrap();
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["reason"], "malformed");
    let big = serde_json::json!({ "payload": "A".repeat(20_000) }).to_string();
    assert_eq!(http(s.port, "POST", "/v1/verify", &big).unwrap().0, 413);
    assert_eq!(http(s.port, "POST", "/v1/verify-numeric", r#"{"code": "123"}"#).unwrap().0, 404, "no seeds configured");
}

/// The load run for docs/benchmarks.md (not part of the test command: it reports, it asserts
/// nothing about time): 4,000 codes of 400 wallets, 8 client threads, against 1, 2 and 4
/// instances on one Redis; verifications per second and p50/p99 latency, and Redis memory per
/// alias. `cargo test --release -p crosspay-cli --test fleet -- --ignored --nocapture load_run`
#[test]
#[ignore = "a load run for docs/benchmarks.md"]
fn load_run() {
    let wallets: Vec<Vec<String>> = (0..400).map(|w| codes("device-1", &format!("a0a0a0a0a0a0{w:04x}"), 10, None)).collect();
    println!("| instances | verifications/s | p50 | p99 |\n| --- | --- | --- | --- |");
    for n in [1usize, 2, 4] {
        let dir = temp(&format!("fleet-load-{n}"));
        let redis = Redis::start(&dir);
        let fleet: Vec<Serve> = (0..n).map(|_| serve(&dir, &redis, &[])).collect();
        let ports: Vec<u16> = fleet.iter().map(|s| s.port).collect();
        let memory = || {
            let info = Command::new("redis-cli").args(["-p", &redis.port.to_string(), "info", "memory"]).output().unwrap().stdout;
            String::from_utf8_lossy(&info)
                .lines()
                .find_map(|l| l.strip_prefix("used_memory:").map(|v| v.trim().parse::<i64>().unwrap()))
                .unwrap()
        };
        let baseline = memory();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let latencies = std::sync::Mutex::new(Vec::new());
        let started = Instant::now();
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if k >= wallets.len() || started.elapsed() > Duration::from_secs(60) {
                        break;
                    }
                    for code in &wallets[k] {
                        let t = Instant::now();
                        assert_eq!(verify(ports[k % n], code)["accepted"], true);
                        latencies.lock().unwrap().push(t.elapsed());
                    }
                });
            }
        });
        let elapsed = started.elapsed();
        let mut l = latencies.into_inner().unwrap();
        l.sort();
        let pct = |p: f64| l[((l.len() as f64 * p) as usize).min(l.len() - 1)];
        println!(
            "| {n} | {:.0} | {:.2} ms | {:.2} ms |",
            l.len() as f64 / elapsed.as_secs_f64(),
            pct(0.5).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3
        );
        if n == 4 {
            let per_alias = (memory() - baseline) / wallets.len() as i64;
            println!("\nRedis memory per alias (10 counters seen in the window): {per_alias} B");
        }
    }
}

fn metric(port: u16, name: &str) -> String {
    let text = http(port, "GET", "/metrics", "").unwrap().1;
    text.lines().find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string())).unwrap_or_default()
}

#[test]
fn sighup_reloads_the_trust_list_with_the_rollback_rule_and_sigterm_stops_cleanly() {
    let dir = temp("fleet-signals");
    let redis = Redis::start(&dir);
    let v = vectors("paycodes.json");
    let (trust_file, _) = trust_files(&dir);
    // start on the previous list (sequence 6), then publish the current one (7)
    std::fs::write(&trust_file, v["trust_list"]["previous"]["jws"].as_str().unwrap()).unwrap();
    let s = serve_files(&trust_file, &dir.join("root.pub"), &redis, &[]);
    assert_eq!(metric(s.port, "crosspay_trust_list_sequence"), "6");
    let hup = |pid: u32| assert!(Command::new("kill").args(["-HUP", &pid.to_string()]).status().unwrap().success());
    let wait_for = |want: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while metric(s.port, "crosspay_trust_list_sequence") != want {
            assert!(Instant::now() < deadline, "trust-list sequence never became {want}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    std::fs::write(&trust_file, v["trust_list"]["jws"].as_str().unwrap()).unwrap();
    hup(s.child.id());
    wait_for("7");
    // a rollback on SIGHUP is refused: the current list stays
    std::fs::write(&trust_file, v["trust_list"]["previous"]["jws"].as_str().unwrap()).unwrap();
    hup(s.child.id());
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(metric(s.port, "crosspay_trust_list_sequence"), "7");
    // and a new instance on the old list cannot join a fleet that has accepted a newer one
    let (tl, rk) = (trust_file.display().to_string(), dir.join("root.pub").display().to_string());
    let out = Command::new(env!("CARGO_BIN_EXE_crosspay"))
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{}", free_port()),
            "--trust-list",
            &tl,
            "--root-public-key",
            &rk,
            "--redis",
            &redis.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("serve_failed"), "{}", String::from_utf8_lossy(&out.stderr));

    // SIGTERM: a graceful stop, exit status 0
    let mut s = s;
    assert!(Command::new("kill").arg(s.child.id().to_string()).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}

#[test]
fn numeric_codes_are_verified_once_across_the_fleet() {
    let dir = temp("fleet-numeric");
    let redis = Redis::start(&dir);
    let v = vectors("paycodes.json");
    let seeds = dir.join("seeds.json");
    std::fs::write(&seeds, serde_json::json!([v["numeric"]["seed"]]).to_string()).unwrap();
    let fleet: Vec<Serve> = (0..2).map(|_| serve(&dir, &redis, &["--numeric-seeds", seeds.to_str().unwrap()])).collect();
    for (i, step) in v["numeric"]["scenario"].as_array().unwrap().iter().enumerate() {
        let body = serde_json::json!({ "code": step["payload"], "at": step["at"] }).to_string();
        let (status, text) = http(fleet[i % 2].port, "POST", "/v1/verify-numeric", &body).unwrap();
        assert_eq!(status, 200, "{text}");
        let got: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(got["accepted"], step["accepted"], "{step} -> {got}");
        assert_eq!(got["reason"], step["reason"], "{step} -> {got}");
    }
}
