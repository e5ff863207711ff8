//! The one module that writes files to `out/`: temp file then rename, never half-written.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically so a crash never leaves a truncated document.
///
/// The file gets the permissions of any new file (0o666 minus the umask), not the 0o600 of
/// a temporary file, so rendered PDFs can be shared or served like files saved by hand.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn written_files_get_the_permissions_of_an_ordinary_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("out/invoice/2026-00001.pdf");
        write_atomic(&ours, b"%PDF").unwrap();
        let plain = dir.path().join("plain.pdf");
        std::fs::write(&plain, b"%PDF").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&plain));
        assert_eq!(std::fs::read(&ours).unwrap(), b"%PDF");
    }
}
