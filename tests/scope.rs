//! What Nix and the module system reject before a disko config evaluates: the scope
//! analysis behind DL006 checked against `nix-instantiate --parse` (skipped when Nix is
//! not installed), and DL007 on small repositories (the project index decides whether a
//! file is listed as a module and which module arguments its configuration supplies).

mod common;

use common::{run, stdout};
use disko_lint::nix::scope;
use disko_lint::source::FileId;
use rowan::ast::AstNode;
use std::path::Path;
use std::process::Command;

fn ours(text: &str) -> Vec<String> {
    let root = rnix::Root::parse(text).tree();
    scope::undefined(root.syntax(), FileId(0))
        .into_iter()
        .map(|u| u.name)
        .collect()
}

fn nix_available() -> bool {
    Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `Ok(())` when Nix parses the expression, `Err(Some(name))` on "undefined variable".
fn nix_parse(args: &[&str]) -> Result<(), Option<String>> {
    let o = Command::new("nix-instantiate")
        .arg("--parse")
        .args(args)
        .output()
        .expect("run nix-instantiate");
    if o.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&o.stderr);
    Err(err
        .split("undefined variable '")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .map(str::to_string))
}

#[test]
fn undefined_names_agree_with_nix_instantiate() {
    if !nix_available() {
        eprintln!("SKIP: nix-instantiate is not installed");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scope");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "nix"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures in {}", dir.display());
    let mut undefined = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let mine = ours(&text);
        match nix_parse(&[f.to_str().unwrap()]) {
            Ok(()) => assert!(
                mine.is_empty(),
                "{}: Nix parses it, we report {mine:?}",
                f.display()
            ),
            Err(Some(name)) => {
                undefined += 1;
                assert!(
                    mine.contains(&name),
                    "{}: Nix says `{name}` is undefined, we report {mine:?}",
                    f.display()
                );
            }
            Err(None) => panic!("{}: Nix fails for another reason", f.display()),
        }
    }
    assert!(undefined >= 4, "the fixtures cover undefined names too");
}

#[test]
fn global_names_agree_with_nix_instantiate() {
    if !nix_available() {
        eprintln!("SKIP: nix-instantiate is not installed");
        return;
    }
    let o = Command::new("nix-instantiate")
        .args(["--eval", "--json", "-E", "builtins.attrNames builtins"])
        .output()
        .unwrap();
    let names: Vec<String> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(names.len() > 50);
    for n in &names {
        // Every builtin is global as `__name`; some also without the prefix.
        let global = nix_parse(&["-E", n]).is_ok();
        assert_eq!(
            scope::is_global(n),
            global,
            "`{n}`: Nix {} it a global name",
            if global { "makes" } else { "does not make" }
        );
        assert!(nix_parse(&["-E", &format!("__{n}")]).is_ok() || global);
    }
    for g in scope::GLOBALS {
        // `break` (the debugger's primop) is newer than some Nix versions.
        if *g != "break" {
            assert!(
                nix_parse(&["-E", g]).is_ok(),
                "`{g}` is not global in this Nix"
            );
        }
    }
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const DISKO: &str = r#"{ disks ? [ "/dev/vda" ], lib, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = builtins.elemAt disks 0;
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = { type = "filesystem"; format = "ext4"; mountpoint = "/"; };
      };
    };
  };
}
"#;

fn dl007(file: &Path) -> (Option<i32>, String) {
    let o = run(&[
        "check",
        "--no-config",
        "--select",
        "DL007",
        "--format",
        "concise",
        file.to_str().unwrap(),
    ]);
    (o.status.code(), stdout(&o))
}

#[test]
fn dl007_reports_a_defaulted_formal_of_a_file_listed_as_a_module() {
    let d = common::tmpdir("scope", "dl007-hit");
    std::fs::create_dir_all(d.join(".git")).unwrap();
    write(&d, "hosts/a/disko.nix", DISKO);
    write(
        &d,
        "hosts/a/default.nix",
        "{ inputs, ... }: { imports = [ inputs.disko.nixosModules.disko ./disko.nix ]; }\n",
    );
    let (code, out) = dl007(&d.join("hosts/a/disko.nix"));
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("DL007")
            && out.contains("`disks` has a default")
            && out.contains("hosts/a/default.nix"),
        "{out}"
    );
    assert!(!out.contains("`lib`"), "lib is always supplied: {out}");
}

#[test]
fn dl007_through_a_flake_modules_list_and_its_special_args() {
    let d = common::tmpdir("scope", "dl007-flake");
    write(&d, "disko.nix", DISKO);
    write(
        &d,
        "flake.nix",
        "{ outputs = inputs: { nixosConfigurations.a = inputs.nixpkgs.lib.nixosSystem {\n  specialArgs = { inherit inputs; };\n  modules = [ (import ./disko.nix) ];\n}; }; }\n",
    );
    let (code, out) = dl007(&d.join("disko.nix"));
    assert_eq!(
        code,
        Some(1),
        "`import ./disko.nix` without arguments is the function: {out}"
    );
    // The argument supplied beside the modules list.
    write(
        &d,
        "flake.nix",
        "{ outputs = inputs: { nixosConfigurations.a = inputs.nixpkgs.lib.nixosSystem {\n  specialArgs = { inherit inputs; disks = [ \"/dev/sda\" ]; };\n  modules = [ ./disko.nix ];\n}; }; }\n",
    );
    let d2 = common::tmpdir("scope", "dl007-flake-args");
    write(&d2, "disko.nix", DISKO);
    std::fs::copy(d.join("flake.nix"), d2.join("flake.nix")).unwrap();
    let (code, out) = dl007(&d2.join("disko.nix"));
    assert_eq!(code, Some(0), "specialArgs supplies disks: {out}");
    // specialArgs the linter cannot read: any name may be supplied.
    let d3 = common::tmpdir("scope", "dl007-flake-unknown");
    write(&d3, "disko.nix", DISKO);
    write(
        &d3,
        "flake.nix",
        "{ outputs = inputs: { nixosConfigurations.a = inputs.nixpkgs.lib.nixosSystem {\n  specialArgs = inputs;\n  modules = [ ./disko.nix ];\n}; }; }\n",
    );
    let (code, out) = dl007(&d3.join("disko.nix"));
    assert_eq!(code, Some(0), "specialArgs is not a literal: {out}");
}

#[test]
fn dl007_is_quiet_when_the_file_is_called_or_the_argument_is_set() {
    // Called with its arguments: the defaults are the caller's business.
    let d = common::tmpdir("scope", "dl007-called");
    std::fs::create_dir_all(d.join(".git")).unwrap();
    write(&d, "disko.nix", DISKO);
    write(
        &d,
        "configuration.nix",
        "{ imports = [ (import ./disko.nix { disks = [ \"/dev/sda\" ]; }) ]; }\n",
    );
    let (code, out) = dl007(&d.join("disko.nix"));
    assert_eq!(code, Some(0), "{out}");
    // Listed as a module, with `_module.args.disks` in another file of the configuration.
    let d = common::tmpdir("scope", "dl007-module-args");
    std::fs::create_dir_all(d.join(".git")).unwrap();
    write(&d, "disko.nix", DISKO);
    write(
        &d,
        "configuration.nix",
        "{ imports = [ ./disko.nix ./args.nix ]; }\n",
    );
    write(
        &d,
        "args.nix",
        "{ _module = { args = { disks = [ \"/dev/sda\" ]; }; }; }\n",
    );
    let (code, out) = dl007(&d.join("disko.nix"));
    assert_eq!(code, Some(0), "{out}");
    // `_module.args` of another host does not count.
    let d = common::tmpdir("scope", "dl007-other-host");
    std::fs::create_dir_all(d.join(".git")).unwrap();
    write(&d, "a/disko.nix", DISKO);
    write(&d, "a/default.nix", "{ imports = [ ./disko.nix ]; }\n");
    write(
        &d,
        "b/default.nix",
        "{ imports = [ ../a/disko.nix ]; _module.args.disks = [ \"/dev/sda\" ]; }\n",
    );
    let (code, out) = dl007(&d.join("a/disko.nix"));
    // Host b supplies it, host a does not: still an error for host a.
    assert_eq!(code, Some(1), "{out}");
}
