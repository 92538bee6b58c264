//! Helpers shared by the CLI contract tests.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the built `crosspay` binary.
pub fn crosspay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosspay")).args(args).output().expect("the crosspay binary runs")
}

/// The one JSON object a `--json` command prints.
pub fn stdout_json(out: &Output) -> Value {
    let text = String::from_utf8(out.stdout.clone()).expect("UTF-8 output");
    assert_eq!(text.lines().count(), 1, "exactly one JSON line, got {text:?}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// A vector file from tests/vectors/.
pub fn vectors(name: &str) -> Value {
    let path = format!("{}/../tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).expect("vector JSON")
}

/// A fresh scratch folder for one test.
pub fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crosspay-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A path as a command-line argument.
pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}
