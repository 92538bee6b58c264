//! Replay stores: what a verifier remembers per alias — the highest counter accepted, the
//! counters seen inside the freshness window, and the offline exposure accepted per currency.
//!
//! Forgetting rule: a code older than the freshness window is refused as stale whatever the
//! store says, so a seen counter (or a whole alias whose codes are all that old) can be
//! forgotten then and only then. A full store that cannot forget anything refuses new aliases
//! (`replay_store_full`): it fails closed.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Why a store could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayError {
    /// No room for a new alias and nothing is old enough to forget.
    Full,
    /// Reading or writing failed.
    Failed(String),
}

/// What the store knows of an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AliasView {
    /// The highest counter accepted, if any.
    pub highest: Option<u32>,
    /// Whether this exact counter was accepted.
    pub seen: bool,
    /// Offline exposure accepted so far in the asked currency, in minor units.
    pub exposure: u64,
}

/// An accepted code, to remember.
#[derive(Debug, Clone, Copy)]
pub struct AcceptedUse<'a> {
    pub alias: &'a str,
    pub counter: u32,
    /// Unix seconds the code carries.
    pub code_time: i64,
    /// Currency code and minor units, when the code carried an amount.
    pub amount: Option<(&'a str, u64)>,
    /// Codes made before this (Unix seconds) are stale: their counters may be forgotten.
    pub forget_before: i64,
}

/// Where a verifier remembers accepted codes. Implement it over a database for a fleet of
/// terminals; [`MemoryReplayStore`] and [`FileReplayStore`] are the built-in ones.
pub trait ReplayStore: Send {
    fn lookup(&mut self, alias: &str, counter: u32, currency: Option<&str>) -> Result<AliasView, ReplayError>;
    fn record(&mut self, accepted: &AcceptedUse<'_>) -> Result<(), ReplayError>;
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasRecord {
    highest: u32,
    /// Counter → code time, for codes still inside the freshness window.
    seen: BTreeMap<u32, i64>,
    /// Currency → accepted minor units.
    exposure: BTreeMap<String, u64>,
    last_time: i64,
}

/// A bounded in-memory store (a gate's default).
#[derive(Debug, Clone)]
pub struct MemoryReplayStore {
    aliases: HashMap<String, AliasRecord>,
    capacity: usize,
}

impl MemoryReplayStore {
    /// A store that remembers at most `capacity` aliases at once.
    pub fn new(capacity: usize) -> Self {
        Self { aliases: HashMap::new(), capacity: capacity.max(1) }
    }

    pub fn len(&self) -> usize {
        self.aliases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.aliases.is_empty()
    }
}

impl ReplayStore for MemoryReplayStore {
    fn lookup(&mut self, alias: &str, counter: u32, currency: Option<&str>) -> Result<AliasView, ReplayError> {
        Ok(match self.aliases.get(alias) {
            None => AliasView::default(),
            Some(r) => AliasView {
                highest: Some(r.highest),
                seen: r.seen.contains_key(&counter) || counter == r.highest,
                exposure: currency.and_then(|c| r.exposure.get(c)).copied().unwrap_or(0),
            },
        })
    }

    fn record(&mut self, a: &AcceptedUse<'_>) -> Result<(), ReplayError> {
        if !self.aliases.contains_key(a.alias) && self.aliases.len() >= self.capacity {
            self.aliases.retain(|_, r| r.last_time >= a.forget_before);
            if self.aliases.len() >= self.capacity {
                return Err(ReplayError::Full);
            }
        }
        let r = self.aliases.entry(a.alias.to_string()).or_default();
        r.seen.retain(|_, t| *t >= a.forget_before);
        r.seen.insert(a.counter, a.code_time);
        r.highest = r.highest.max(a.counter);
        r.last_time = r.last_time.max(a.code_time);
        if let Some((currency, units)) = a.amount {
            let total = r.exposure.entry(currency.to_string()).or_insert(0);
            *total = total.saturating_add(units);
        }
        Ok(())
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplayFile {
    #[serde(rename = "type")]
    kind: String,
    aliases: BTreeMap<String, AliasRecord>,
}

/// A JSON file (the CLI's `--replay-db`): read when opened, rewritten atomically (temporary file
/// then rename) after every accepted code. Unbounded; for one terminal process at a time.
#[derive(Debug)]
pub struct FileReplayStore {
    path: PathBuf,
    memory: MemoryReplayStore,
}

impl FileReplayStore {
    /// Opens (or starts) the store at `path`.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, ReplayError> {
        let path = path.into();
        let mut memory = MemoryReplayStore::new(usize::MAX);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let file: ReplayFile =
                    serde_json::from_str(&text).map_err(|e| ReplayError::Failed(format!("{} is not a replay db: {e}", path.display())))?;
                if file.kind != "crosspay-replay-db" {
                    return Err(ReplayError::Failed(format!("{} has type {:?}, not crosspay-replay-db", path.display(), file.kind)));
                }
                memory.aliases = file.aliases.into_iter().collect();
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(ReplayError::Failed(format!("cannot read {}: {e}", path.display()))),
        }
        Ok(Self { path, memory })
    }

    fn save(&self) -> Result<(), ReplayError> {
        let file = ReplayFile { kind: "crosspay-replay-db".into(), aliases: self.memory.aliases.clone().into_iter().collect() };
        let text = serde_json::to_string_pretty(&file).map_err(|e| ReplayError::Failed(e.to_string()))?;
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, text)
            .and_then(|()| std::fs::rename(&tmp, &self.path))
            .map_err(|e| ReplayError::Failed(format!("cannot write {}: {e}", self.path.display())))
    }
}

impl ReplayStore for FileReplayStore {
    fn lookup(&mut self, alias: &str, counter: u32, currency: Option<&str>) -> Result<AliasView, ReplayError> {
        self.memory.lookup(alias, counter, currency)
    }

    fn record(&mut self, accepted: &AcceptedUse<'_>) -> Result<(), ReplayError> {
        self.memory.record(accepted)?;
        self.save()
    }
}
