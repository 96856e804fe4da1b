//! Source files, file ids and byte spans.
//!
//! Every value the linter reads keeps a [`Span`]: a file id plus a half-open byte range
//! `start..end` into that file's text. Lines and columns are derived on demand from a
//! [`LineIndex`] (1-based lines, 1-based columns counted in Unicode scalar values).

use serde::Serialize;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`]. Stable for the lifetime of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A half-open byte range in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// The file the range belongs to.
    #[serde(skip)]
    pub file: FileId,
    /// First byte (inclusive), 0-based.
    pub start: u32,
    /// End byte (exclusive), 0-based.
    pub end: u32,
}

impl Span {
    /// A span of `start..end` in `file`.
    pub fn new(file: FileId, start: u32, end: u32) -> Self {
        Span { file, start, end }
    }
    /// The byte range as `usize`s.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One loaded source file: its display path and its text (valid UTF-8).
#[derive(Debug)]
pub struct SourceFile {
    /// Path as given by the user (or `<stdin>`), used in diagnostics.
    pub path: PathBuf,
    /// The full text.
    pub text: String,
    /// Line start offsets.
    pub lines: LineIndex,
}

impl SourceFile {
    /// Wraps `text` read from `path`.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let lines = LineIndex::new(&text);
        SourceFile {
            path: path.into(),
            text,
            lines,
        }
    }
    /// The text of `span` (empty if out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// Byte offsets of line starts, for offset → (line, column) conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Builds the index of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex { starts }
    }
    /// 1-based line and 1-based column (in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: u32) -> (usize, usize) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts[line] as usize;
        let end = (offset as usize).min(text.len());
        let col = text.get(start..end).map(|s| s.chars().count()).unwrap_or(0);
        (line + 1, col + 1)
    }
    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> Option<u32> {
        self.starts.get(line).copied()
    }
}

/// All files loaded during one run (checked files and files reached through `import`).
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }
    /// The file with id `id`.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    /// Finds an already loaded file by path.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }
    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }
    /// True when no file is loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncdé\nf";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 7), (2, 4)); // after the two-byte é
        assert_eq!(idx.line_col(text, 8), (3, 1));
    }
}
