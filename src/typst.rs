//! The only module that spawns a process: the pinned typst CLI.

// ---------------------------------------------------------------------------
// pdftotext (owned by the audit engine): the auditor reads PDF terms through
// poppler's pdftotext; kept here because this is the only module that spawns.

/// Extracts the text of a PDF (reading order, UTF-8) with poppler's `pdftotext`.
pub fn pdftotext(pdf: &[u8]) -> std::io::Result<String> {
    use std::io::Write;
    use wait_timeout::ChildExt;
    let mut input = tempfile::NamedTempFile::new()?;
    input.write_all(pdf)?;
    input.flush()?;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-q"])
        .arg(input.path())
        .arg("-")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot run pdftotext ({e}); install poppler-utils"),
            )
        })?;
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).map(|_| buf)
    });
    let status = match child.wait_timeout(std::time::Duration::from_secs(60))? {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("pdftotext took more than 60 s"));
        }
    };
    let out = reader
        .join()
        .map_err(|_| std::io::Error::other("pdftotext reader thread panicked"))??;
    if !status.success() {
        return Err(std::io::Error::other(format!(
            "pdftotext failed ({status}): not a readable PDF"
        )));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}
