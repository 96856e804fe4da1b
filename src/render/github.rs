//! `--format github`: GitHub Actions workflow commands
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=DL101::message`).

use crate::check::FileReport;

/// Renders `reports`.
pub fn render(reports: &[FileReport]) -> String {
    let _ = reports;
    String::new()
}
