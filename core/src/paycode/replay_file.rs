//! The file replay store (the CLI's `--replay-db`): an SQLite database, so that any number of
//! verifier processes on one machine can share it.
//!
//! Why SQLite rather than a JSON file or a journal of our own: a claim must be atomic across
//! processes (an exclusive lock for read-check-write), durable before the verdict is given
//! (fsync), and cost the same at 200,000 aliases as at 10. SQLite's `BEGIN IMMEDIATE`
//! transactions give the lock, its WAL journal with `synchronous=FULL` gives durability, and its
//! B-trees make a claim O(log n) instead of rewriting the whole history. It is the most tested
//! embedded store there is, and `rusqlite`'s bundled build needs nothing from the host.

use super::replay::{AliasRecord, Claim, ClaimOutcome, ReplayError, ReplayStore};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a claim waits for another process's claim to finish before failing (closed).
pub const FILE_STORE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS crosspay_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS alias (alias TEXT PRIMARY KEY, highest INTEGER NOT NULL, last_time INTEGER NOT NULL) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen (alias TEXT NOT NULL, counter INTEGER NOT NULL, code_time INTEGER NOT NULL,
  PRIMARY KEY (alias, counter)) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS exposure (alias TEXT NOT NULL, currency TEXT NOT NULL, units INTEGER NOT NULL,
  PRIMARY KEY (alias, currency)) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO crosspay_meta (key, value) VALUES ('format', 1), ('trust_sequence', 0);
";

/// A replay store in an SQLite file, shared safely by every process that opens the same path.
pub struct FileReplayStore {
    path: PathBuf,
    db: Connection,
}

impl std::fmt::Debug for FileReplayStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileReplayStore({})", self.path.display())
    }
}

fn failed<'a>(path: &'a Path, what: &str) -> impl Fn(rusqlite::Error) -> ReplayError + 'a {
    let what = what.to_string();
    move |e| ReplayError::Failed(format!("replay db {}: {what}: {e}", path.display()))
}

/// Why opening did not finish: SQLite's answer (perhaps busy: try again), or a refusal.
enum Init {
    Sqlite(rusqlite::Error),
    Refused(ReplayError),
}

impl From<rusqlite::Error> for Init {
    fn from(e: rusqlite::Error) -> Self {
        Self::Sqlite(e)
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl FileReplayStore {
    /// Opens (or creates) the store at `path`. A file that is not a crosspay replay db is an
    /// error, never overwritten. Verifiers that open the same new file at once wait for each
    /// other (up to [`FILE_STORE_BUSY_TIMEOUT`]): switching to WAL and creating the schema take
    /// locks that SQLite reports as busy without waiting.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, ReplayError> {
        let path = path.into();
        let db = Connection::open(&path).map_err(failed(&path, "cannot open"))?;
        db.busy_timeout(FILE_STORE_BUSY_TIMEOUT).map_err(failed(&path, "busy timeout"))?;
        let deadline = std::time::Instant::now() + FILE_STORE_BUSY_TIMEOUT;
        loop {
            match Self::init(&db, &path) {
                Err(Init::Sqlite(e)) if is_busy(&e) && std::time::Instant::now() < deadline => {
                    let _ = db.execute_batch("ROLLBACK;");
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(Init::Sqlite(e)) => return Err(failed(&path, "not a replay db")(e)),
                Err(Init::Refused(e)) => return Err(e),
                Ok(()) => return Ok(Self { path, db }),
            }
        }
    }

    fn init(db: &Connection, path: &Path) -> Result<(), Init> {
        // WAL lets readers proceed during a claim; FULL fsyncs every commit before it returns.
        let _: String = db.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        db.execute_batch("PRAGMA synchronous=FULL;")?;
        let existing: Vec<String> = {
            let mut q = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
            let names = q.query_map([], |r| r.get(0))?;
            names.collect::<Result<_, _>>()?
        };
        if !existing.is_empty() && !existing.iter().any(|n| n == "crosspay_meta") {
            return Err(Init::Refused(ReplayError::Failed(format!(
                "{} is an SQLite database but not a crosspay replay db",
                path.display()
            ))));
        }
        db.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} COMMIT;"))?;
        let format: i64 = db.query_row("SELECT value FROM crosspay_meta WHERE key = 'format'", [], |r| r.get(0))?;
        if format != 1 {
            return Err(Init::Refused(ReplayError::Failed(format!(
                "{} has replay db format {format}; this version reads 1",
                path.display()
            ))));
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn load(tx: &rusqlite::Transaction<'_>, alias: &str) -> rusqlite::Result<Option<AliasRecord>> {
        let Some((highest, last_time)) = tx
            .query_row("SELECT highest, last_time FROM alias WHERE alias = ?1", [alias], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))
            .optional()?
        else {
            return Ok(None);
        };
        let mut record = AliasRecord { highest: u32::try_from(highest).unwrap_or(u32::MAX), last_time, ..AliasRecord::default() };
        let mut seen = tx.prepare_cached("SELECT counter, code_time FROM seen WHERE alias = ?1")?;
        for row in seen.query_map([alias], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (counter, time) = row?;
            record.seen.insert(u32::try_from(counter).unwrap_or(u32::MAX), time);
        }
        let mut exposure = tx.prepare_cached("SELECT currency, units FROM exposure WHERE alias = ?1")?;
        for row in exposure.query_map([alias], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (currency, units) = row?;
            record.exposure.insert(currency, u64::try_from(units).unwrap_or(0));
        }
        Ok(Some(record))
    }

    fn save(tx: &rusqlite::Transaction<'_>, c: &Claim<'_>, record: &AliasRecord) -> rusqlite::Result<()> {
        tx.execute(
            "INSERT INTO alias (alias, highest, last_time) VALUES (?1, ?2, ?3)
             ON CONFLICT (alias) DO UPDATE SET highest = excluded.highest, last_time = excluded.last_time",
            params![c.alias, i64::from(record.highest), record.last_time],
        )?;
        tx.execute("DELETE FROM seen WHERE alias = ?1 AND code_time < ?2", params![c.alias, c.forget_before])?;
        tx.execute(
            "INSERT OR REPLACE INTO seen (alias, counter, code_time) VALUES (?1, ?2, ?3)",
            params![c.alias, c.counter, c.code_time],
        )?;
        if let Some((currency, _)) = c.amount {
            let units = record.exposure.get(currency).copied().unwrap_or(0);
            tx.execute(
                "INSERT INTO exposure (alias, currency, units) VALUES (?1, ?2, ?3)
                 ON CONFLICT (alias, currency) DO UPDATE SET units = excluded.units",
                params![c.alias, currency, to_i64(units)],
            )?;
        }
        Ok(())
    }

    fn try_claim(&mut self, c: &Claim<'_>) -> rusqlite::Result<ClaimOutcome> {
        // IMMEDIATE takes the database's write lock now: no other process can claim in between.
        let tx = self.db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let highest_list: i64 = tx.query_row("SELECT value FROM crosspay_meta WHERE key = 'trust_sequence'", [], |r| r.get(0))?;
        let highest_list = u64::try_from(highest_list).unwrap_or(0);
        if c.trust_sequence.is_some_and(|s| s < highest_list) {
            return Ok(ClaimOutcome::TrustListRollback { highest: highest_list });
        }
        let mut record = Self::load(&tx, c.alias)?;
        let outcome = AliasRecord::judge(record.as_ref(), c);
        if outcome == ClaimOutcome::Accepted {
            let record = record.get_or_insert_with(AliasRecord::default);
            record.record(c);
            Self::save(&tx, c, record)?;
            tx.commit()?;
        }
        Ok(outcome)
    }
}

impl ReplayStore for FileReplayStore {
    fn claim(&mut self, c: &Claim<'_>) -> Result<ClaimOutcome, ReplayError> {
        let path = self.path.clone();
        self.try_claim(c).map_err(failed(&path, "claim failed"))
    }

    fn accept_trust_sequence(&mut self, sequence: u64) -> Result<u64, ReplayError> {
        let path = self.path.clone();
        let run = |db: &mut Connection| -> rusqlite::Result<u64> {
            let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("UPDATE crosspay_meta SET value = max(value, ?1) WHERE key = 'trust_sequence'", [to_i64(sequence)])?;
            let highest: i64 = tx.query_row("SELECT value FROM crosspay_meta WHERE key = 'trust_sequence'", [], |r| r.get(0))?;
            tx.commit()?;
            Ok(u64::try_from(highest).unwrap_or(0))
        };
        run(&mut self.db).map_err(failed(&path, "cannot record the trust-list sequence"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(alias: &str, counter: u32) -> Claim<'_> {
        Claim {
            alias,
            counter,
            code_time: 1_000,
            amount: Some(("HKD", 100)),
            max_exposure: Some(250),
            forget_before: 0,
            trust_sequence: Some(1),
        }
    }

    #[test]
    fn state_survives_reopening() {
        let dir = std::env::temp_dir().join(format!("crosspay-replay-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("reopen.db");
        let _ = std::fs::remove_file(&path);
        {
            let mut s = FileReplayStore::open(&path).unwrap();
            assert_eq!(s.accept_trust_sequence(1).unwrap(), 1);
            assert_eq!(s.claim(&claim("a", 1)).unwrap(), ClaimOutcome::Accepted);
            assert_eq!(s.claim(&claim("a", 2)).unwrap(), ClaimOutcome::Accepted);
        }
        let mut s = FileReplayStore::open(&path).unwrap();
        assert_eq!(s.claim(&claim("a", 2)).unwrap(), ClaimOutcome::Replay);
        assert_eq!(s.claim(&claim("a", 3)).unwrap(), ClaimOutcome::ExposureExceeded { exposure: 200 });
        assert_eq!(s.accept_trust_sequence(5).unwrap(), 5);
        drop(s);
        let mut s = FileReplayStore::open(&path).unwrap();
        assert_eq!(s.claim(&claim("b", 1)).unwrap(), ClaimOutcome::TrustListRollback { highest: 5 });
        assert_eq!(s.accept_trust_sequence(2).unwrap(), 5);
    }

    /// Verifiers starting together on a new file all open it (the CI run once saw "database is
    /// locked" from the switch to WAL), and each claim still happens exactly once.
    #[test]
    fn many_verifiers_opening_one_new_file_at_once_all_open_it() {
        let dir = std::env::temp_dir().join(format!("crosspay-replay-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for round in 0..5 {
            let path = dir.join(format!("together-{round}.db"));
            let _ = std::fs::remove_file(&path);
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(12));
            let handles: Vec<_> = (0..12)
                .map(|_| {
                    let (path, barrier) = (path.clone(), barrier.clone());
                    std::thread::spawn(move || {
                        barrier.wait();
                        let mut store = FileReplayStore::open(&path).expect("opens while others do");
                        store.claim(&claim("shared", 1)).unwrap() == ClaimOutcome::Accepted
                    })
                })
                .collect();
            let accepted = handles.into_iter().map(|h| h.join().unwrap()).filter(|a| *a).count();
            assert_eq!(accepted, 1, "round {round}");
        }
    }

    #[test]
    fn a_file_that_is_not_a_replay_db_is_refused_and_kept() {
        let dir = std::env::temp_dir().join(format!("crosspay-replay-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("not-a-db.key");
        std::fs::write(&path, "-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n").unwrap();
        assert!(matches!(FileReplayStore::open(&path), Err(ReplayError::Failed(_))));
        assert!(std::fs::read_to_string(&path).unwrap().contains("secret"));
    }
}
