//! Where a file's text defines `disko.devices`, read from the syntax tree alone.
//!
//! The evaluator may fail to reach a definition (inside a function it cannot apply, behind a
//! condition it cannot decide); the syntax tree still shows that the author wrote one. The
//! check pipeline compares the two: a file that defines `disko.devices` but yields no device
//! gets a finding (DL005) instead of a silent "no findings".

use crate::nix::eval::static_attr_name;
use crate::source::{FileId, Span};
use rnix::SyntaxKind;
use rnix::ast;
use rowan::ast::AstNode;

/// The attribute paths that define `disko.devices` in `root`: every binding whose path holds
/// `disko` followed by `devices` (`disko.devices…`, `config.disko.devices…`), and every
/// binding starting with `devices` directly inside an attribute set bound to a path ending
/// in `disko` (`disko = { devices = …; }`). Spans are those of the attribute paths, in text
/// order. Reading `config.disko.devices` in an expression is not a definition.
pub fn disko_devices_written(root: &rnix::SyntaxNode, file: FileId) -> Vec<Span> {
    let mut out = Vec::new();
    for node in root.descendants() {
        if node.kind() != SyntaxKind::NODE_ATTRPATH_VALUE {
            continue;
        }
        let Some(apv) = ast::AttrpathValue::cast(node.clone()) else {
            continue;
        };
        let Some(path) = apv.attrpath() else { continue };
        let names: Vec<Option<String>> = path.attrs().map(|a| static_attr_name(&a)).collect();
        let is_name =
            |i: usize, want: &str| names.get(i).is_some_and(|n| n.as_deref() == Some(want));
        let dotted = (0..names.len().saturating_sub(1))
            .any(|i| is_name(i, "disko") && is_name(i + 1, "devices"));
        let nested = is_name(0, "devices") && parent_binding_ends_in_disko(&node);
        if dotted || nested {
            let r = path.syntax().text_range();
            out.push(Span::new(file, r.start().into(), r.end().into()));
        }
    }
    out
}

/// True when `binding` sits directly in an attribute set that is the value of a binding
/// whose path ends in `disko`.
fn parent_binding_ends_in_disko(binding: &rnix::SyntaxNode) -> bool {
    let Some(set) = binding
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_ATTR_SET)
    else {
        return false;
    };
    let Some(outer) = set
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_ATTRPATH_VALUE)
        .and_then(ast::AttrpathValue::cast)
    else {
        return false;
    };
    outer
        .attrpath()
        .and_then(|p| p.attrs().last())
        .and_then(|a| static_attr_name(&a))
        .is_some_and(|n| n == "disko")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> Vec<String> {
        let root = rnix::Root::parse(text).tree();
        disko_devices_written(root.syntax(), FileId(0))
            .into_iter()
            .map(|s| text[s.start as usize..s.end as usize].to_string())
            .collect()
    }

    #[test]
    fn definitions_are_found_in_every_spelling() {
        assert_eq!(written("{ disko.devices = { }; }"), ["disko.devices"]);
        assert_eq!(
            written("{ config, ... }: { config.disko.devices.disk.a.device = \"/dev/sda\"; }"),
            ["config.disko.devices.disk.a.device"]
        );
        assert_eq!(written("{ disko = { devices = { }; }; }"), ["devices"]);
        assert_eq!(
            written("{ \"disko\".\"devices\" = { }; }"),
            ["\"disko\".\"devices\""]
        );
        // Deep inside lambdas and wrappers.
        assert_eq!(
            written(
                "{ aspects.storage = { device ? \"/dev/sda\" }: { class, ... }: { nixos = { pkgs, ... }: { disko.devices = { }; }; }; }"
            ),
            ["disko.devices"]
        );
    }

    #[test]
    fn reads_and_other_names_are_not_definitions() {
        assert!(written("{ x = config.disko.devices.disk; }").is_empty());
        assert!(written("{ devices = [ ]; boot.loader.grub.devices = [ ]; }").is_empty());
        assert!(written("{ diskoDevices = { }; disko.enableConfig = true; }").is_empty());
        assert!(written("{ foo = { devices = { }; }; }").is_empty());
    }
}
