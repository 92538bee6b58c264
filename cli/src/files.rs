//! Every file the CLI reads or writes goes through here: one error shape (`io_error` naming the
//! file), no accidental overwrite of a file that holds a key, a seed, a certificate or a signed
//! document (`file_exists`; `--force` where replacing is intended), secrets created 0600, and
//! replacements written through a unique temporary file that is fsynced before the rename.

use crate::output::Failure;
use std::io::Write;
use std::path::{Path, PathBuf};

fn io(path: &Path, e: std::io::Error) -> Failure {
    Failure::new("io_error", &format!("{}: {e}", path.display()))
}

/// Reads a text file; a missing file is `io_error` naming it.
pub fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| io(path, e))
}

/// Who may read what is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Keys and seeds: the owner only (0600).
    Secret,
    Public,
}

fn open_new(path: &Path, access: Access) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if access == Access::Secret {
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    #[cfg(not(unix))]
    let _ = access;
    options.open(path)
}

fn write_all_synced(mut file: std::fs::File, text: &str) -> std::io::Result<()> {
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Writes a new file; an existing one is `file_exists` unless `force`, and then it is replaced
/// atomically.
pub fn create(path: &Path, text: &str, access: Access, force: bool) -> Result<(), Failure> {
    if force {
        return replace(path, text, access);
    }
    match open_new(path, access) {
        Ok(file) => write_all_synced(file, text).map_err(|e| io(path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists(path)),
        Err(e) => Err(io(path, e)),
    }
}

fn exists(path: &Path) -> Failure {
    Failure::new("file_exists", &format!("{} already exists and is not overwritten; pass --force to replace it", path.display()))
}

/// `file_exists` when something is already at `path` (checked before a command writes several
/// files, so that a refusal leaves none of them behind).
pub fn refuse_existing(path: &Path) -> Result<(), Failure> {
    if path.symlink_metadata().is_ok() {
        return Err(exists(path));
    }
    Ok(())
}

fn temporary_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    path.with_file_name(format!(".{name}.{}.{nanos}.tmp", std::process::id()))
}

/// Replaces (or creates) a file atomically: a unique temporary file beside it, fsynced, then
/// renamed over it, so a reader or a crash sees the old contents or the new, never a mix.
pub fn replace(path: &Path, text: &str, access: Access) -> Result<(), Failure> {
    let mut tmp = temporary_beside(path);
    let file = loop {
        match open_new(&tmp, access) {
            Ok(file) => break file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                tmp.set_extension("1.tmp");
            }
            Err(e) => return Err(io(path, e)),
        }
    };
    let result = write_all_synced(file, text).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(path, e));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename is durable once the directory is synced (best effort where unsupported).
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}
