//! `disko-lint` binary: everything lives in the library; see `cli::run`.
fn main() {
    std::process::exit(disko_lint::cli::run());
}
