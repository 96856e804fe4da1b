//! Where edits go: insertion points in attribute sets, list layouts, removal ranges.
//!
//! Rules build edits from these without the source text; each one follows the layout it is
//! written in (one item per line or inline, indentation, trailing comments).

use super::Cx;
use crate::disko::model::{Insertion, ListLayout};
use crate::nix::value::Attrs;
use crate::source::Span;

impl Cx<'_> {
    pub(super) fn insertion(&self, attrs: &Attrs) -> Option<Insertion> {
        let lit = attrs.literal?;
        if lit.file != self.file {
            return None;
        }
        let text = self.text.as_bytes();
        let end = lit.end as usize;
        if end == 0 || end > text.len() || text[end - 1] != b'}' {
            return None;
        }
        let close = end - 1;
        let mut p = close;
        while p > lit.start as usize && (text[p - 1] as char).is_whitespace() {
            p -= 1;
        }
        let body = &self.text[lit.start as usize..end];
        let multiline = body.contains('\n');
        let indent = if multiline {
            // Indentation of the first binding, else the closing brace's + two spaces.
            let first_def = attrs
                .entries
                .values()
                .map(|e| e.def_span)
                .filter(|s| s.file == self.file && s.start > lit.start && s.end < lit.end)
                .map(|s| s.start)
                .min();
            match first_def {
                Some(off) => line_indent(&self.text, off as usize),
                None => format!("{}  ", line_indent(&self.text, close)),
            }
        } else {
            String::new()
        };
        Some(Insertion {
            offset: p as u32,
            indent,
            multiline,
        })
    }

    pub(super) fn list_layout(&self, span: Span, items: &[Option<Span>]) -> ListLayout {
        let body = &self.text[span.range()];
        let multiline = body.contains('\n');
        let last_end = items
            .iter()
            .flatten()
            .filter(|s| span_within(**s, span))
            .map(|s| s.end)
            .max();
        let first_start = items
            .iter()
            .flatten()
            .filter(|s| span_within(**s, span))
            .map(|s| s.start)
            .min();
        let indent = match first_start {
            Some(s) if multiline => line_indent(&self.text, s as usize),
            _ if multiline => format!(
                "{}  ",
                line_indent(&self.text, span.end.saturating_sub(1) as usize)
            ),
            _ => String::new(),
        };
        ListLayout {
            span,
            multiline,
            indent,
            append_at: last_end.unwrap_or(span.start + 1),
            empty: items.is_empty(),
        }
    }

    /// What to delete to remove a binding `a.b = v;` (its span): its whole lines when it is
    /// alone on them (and no comment follows it on the line), else the binding and the
    /// spaces after it.
    pub(super) fn binding_removal(&self, b: Span) -> Span {
        let t = &*self.text;
        let (s, e) = (b.start as usize, b.end as usize);
        let line_start = t[..s].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let line_end = t[e..].find('\n').map(|p| e + p).unwrap_or(t.len());
        if t[line_start..s].trim().is_empty()
            && t[e..line_end].trim().is_empty()
            && line_end < t.len()
        {
            return Span::new(self.file, line_start as u32, line_end as u32 + 1);
        }
        let ws = t[e..line_end].len() - t[e..line_end].trim_start().len();
        Span::new(self.file, b.start, (e + ws) as u32)
    }

    pub(super) fn remove_span(
        &self,
        item: Span,
        prev_end: Option<u32>,
        next_start: Option<u32>,
        multiline: bool,
    ) -> Span {
        let t = &*self.text;
        let (s, e) = (item.start as usize, item.end as usize);
        let line_start = t[..s].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let line_end = t[e..].find('\n').map(|p| e + p).unwrap_or(t.len());
        let before_blank = t[line_start..s].trim().is_empty();
        let after_blank = t[e..line_end].trim().is_empty();
        if multiline && before_blank && after_blank && line_end < t.len() {
            return Span::new(self.file, line_start as u32, line_end as u32 + 1);
        }
        // Alone on its line with a trailing comment: remove the item and the spaces after
        // it, so the comment stays on its own line (it may explain something else too).
        if multiline && before_blank && t[e..line_end].trim_start().starts_with('#') {
            let ws = t[e..line_end].len() - t[e..line_end].trim_start().len();
            return Span::new(self.file, item.start, (e + ws) as u32);
        }
        if let Some(p) = prev_end
            && t[p as usize..s].trim().is_empty()
        {
            return Span::new(self.file, p, item.end);
        }
        // First item: remove it and the whitespace before it up to `[`, so that removing
        // several neighbours never leaves doubled spaces.
        let mut p = s;
        while p > 0 && (t.as_bytes()[p - 1] as char).is_whitespace() {
            p -= 1;
        }
        if p > 0 && t.as_bytes()[p - 1] == b'[' && !t[p..s].contains('\n') {
            return Span::new(self.file, p as u32, item.end);
        }
        if let Some(n) = next_start
            && t[e..n as usize].trim().is_empty()
        {
            return Span::new(self.file, item.start, n);
        }
        item
    }
}

pub(super) fn span_within(inner: Span, outer: Span) -> bool {
    inner.file == outer.file && inner.start >= outer.start && inner.end <= outer.end
}

/// Leading whitespace of the line containing byte `off`.
pub fn line_indent(text: &str, off: usize) -> String {
    let off = off.min(text.len());
    let start = text[..off].rfind('\n').map(|p| p + 1).unwrap_or(0);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}
