//! Embeds `rules/*.rhai` and `policies/*.toml` into the binary.
use std::{env, fs, path::Path};

fn embed(dir: &str, ext: &str, out_name: &str) {
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join(out_name);
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("manifest dir")).join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = fs::read_dir(&root)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == ext));
    files.sort();
    let mut s = String::from("&[\n");
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        s.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    s.push_str("]\n");
    fs::write(out, s).expect("write embed list");
}

fn main() {
    embed("rules", "rhai", "builtin_rules.rs");
    embed("policies", "toml", "builtin_policies.rs");
}
