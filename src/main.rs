use disko_lint::{disko, nix, source};
fn main() {
    let path = std::env::args().last().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut sm = source::SourceMap::default();
    let id = sm.add(source::SourceFile::new(path, text));
    let parsed = nix::parse_file(sm.get(id), id);
    let ex = disko::extract(&mut sm, &parsed);
    println!("{}", serde_json::to_string_pretty(&ex.model).unwrap());
}
