//! The Rhai rule engine: loading rule scripts, the sandbox, and running them on a model.
//!
//! A rule is one `.rhai` file with two functions:
//!
//! ```rhai
//! //! ## What it does   (the explanation: markdown in `//!` lines)
//! fn meta() { #{ code: "DL402", name: "missing-universal-options", severity: "warning",
//!                summary: "…", fix: "safe" } }
//! fn check(model, params) { let out = []; /* … */ out }
//! ```
//!
//! `check` returns an array of maps `#{ message, span, severity?, label?, labels?, notes?,
//! help?, fix? }` (see [`convert`]). Scripts see a read-only copy of the model (see
//! `inspect --format json`) and the host helpers in [`helpers`]; they cannot read files,
//! the environment, the clock or the network: there is no module resolver, `eval` is
//! disabled, `print`/`debug` go nowhere, call and expression depth are capped, and each run
//! has a [`budget::Budget`] of operations, heap bytes and wall-clock time sized to the model.

pub mod budget;
pub mod convert;
pub mod helpers;

use crate::diagnostic::Severity;
use rhai::{AST, CallFnOptions, Dynamic, Engine, Scope};
use std::path::{Path, PathBuf};

/// Built-in rules, embedded at build time: `(file name, source)`.
const BUILTIN_RULES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

pub use budget::Budget;

/// A rule's metadata from its `meta()` function.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleMeta {
    /// Stable code, `DL` plus three digits for built-ins; user rules use their own prefix.
    pub code: String,
    /// Kebab-case name of the problem.
    pub name: String,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: String,
    /// Markdown with What it does / Why is this bad? / Example / Fix safety / Sources.
    pub explanation: String,
    /// `safe`, `unsafe`, `display` or empty when the rule has no fix.
    pub fix: String,
    /// `builtin` or the rule file's path.
    pub origin: String,
}

/// A compiled rule.
pub struct Rule {
    /// Metadata.
    pub meta: RuleMeta,
    ast: AST,
}

/// Why a rule file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read rule {path}: {source}")]
    Io {
        /// The rule file.
        path: PathBuf,
        /// The IO error.
        source: std::io::Error,
    },
    /// Rhai could not compile it.
    #[error("rule {origin} does not compile: {message}")]
    Compile {
        /// File name or path.
        origin: String,
        /// Rhai's message with position.
        message: String,
    },
    /// `meta()` is missing or malformed.
    #[error("rule {origin}: {message}")]
    Meta {
        /// File name or path.
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// Two rules claim one code.
    #[error("rule code {code} is defined twice ({first} and {second})")]
    Duplicate {
        /// The code.
        code: String,
        /// First definition.
        first: String,
        /// Second definition.
        second: String,
    },
}

/// All rules of a run plus the engine that runs them (shared across threads).
pub struct RuleSet {
    engine: Engine,
    /// The rules, sorted by code.
    pub rules: Vec<Rule>,
}

/// Builds the sandboxed engine with the host helpers registered.
pub fn sandboxed_engine() -> Engine {
    let mut engine = Engine::new();
    engine.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
    engine.disable_symbol("eval");
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});
    // Operations, memory and time are counted per run by `budget` (sized to the model);
    // Rhai's own size limits would re-measure whole values after every call.
    engine.set_max_operations(0);
    engine.set_max_call_levels(48);
    engine.set_max_expr_depths(64, 32);
    engine.set_max_string_size(0);
    engine.set_max_array_size(0);
    engine.set_max_map_size(0);
    engine.set_max_strings_interned(0);
    // Rules are small and run once per file: the AST optimizer costs more at startup than it saves.
    engine.set_optimization_level(rhai::OptimizationLevel::None);
    engine.on_progress(|ops| budget::exceeded(ops).map(Dynamic::from));
    helpers::register(&mut engine);
    budget::register_bounded(&mut engine);
    engine
}

impl RuleSet {
    /// Loads the built-in rules (when `builtin`) and every `*.rhai` file in `dirs`; any
    /// error fails the whole load.
    pub fn load(builtin: bool, dirs: &[PathBuf]) -> Result<RuleSet, Vec<LoadError>> {
        let (set, errors) = Self::load_lenient(builtin, dirs);
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(errors)
        }
    }

    /// Like [`RuleSet::load`], but keeps the rules that loaded and returns the errors beside
    /// them (for `disko-lint test`, which reports a broken rule as a failed case).
    pub fn load_lenient(builtin: bool, dirs: &[PathBuf]) -> (RuleSet, Vec<LoadError>) {
        let engine = sandboxed_engine();
        let mut rules = Vec::new();
        let mut errors = Vec::new();
        if builtin {
            for res in compile_builtins(&engine) {
                match res {
                    Ok(r) => rules.push(r),
                    Err(e) => errors.push(e),
                }
            }
        }
        for dir in dirs {
            let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "rhai"))
                    .collect(),
                Err(source) => {
                    errors.push(LoadError::Io {
                        path: dir.clone(),
                        source,
                    });
                    continue;
                }
            };
            files.sort();
            for path in files {
                match std::fs::read_to_string(&path) {
                    Ok(src) => {
                        let origin = path.display().to_string();
                        match compile(&engine, &src, &origin, &origin) {
                            Ok(r) => rules.push(r),
                            Err(e) => errors.push(e),
                        }
                    }
                    Err(source) => errors.push(LoadError::Io { path, source }),
                }
            }
        }
        rules.sort_by(|a, b| a.meta.code.cmp(&b.meta.code));
        for w in rules.windows(2) {
            if w[0].meta.code == w[1].meta.code {
                errors.push(LoadError::Duplicate {
                    code: w[0].meta.code.clone(),
                    first: w[0].meta.origin.clone(),
                    second: w[1].meta.origin.clone(),
                });
            }
        }
        (RuleSet { engine, rules }, errors)
    }

    /// The rule with `code`.
    pub fn get(&self, code: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.code == code)
    }

    /// Runs `rule` on a model (as produced by [`convert::model_to_dynamic`]) within
    /// `budget` (see [`Budget::for_model`]). Returns the raw findings, or the error message
    /// (for DL003).
    pub fn run(
        &self,
        rule: &Rule,
        model: &Dynamic,
        params: &Dynamic,
        budget: Budget,
    ) -> Result<Vec<Dynamic>, String> {
        let mut scope = Scope::new();
        let run = budget::start(budget);
        let opts = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        let res = self.engine.call_fn_with_options::<Dynamic>(
            opts,
            &mut scope,
            &rule.ast,
            "check",
            (model.clone(), params.clone()),
        );
        drop(run);
        match res {
            Ok(v) => {
                if v.is_array() {
                    Ok(v.into_array().unwrap_or_default())
                } else if v.is_unit() {
                    Ok(Vec::new())
                } else {
                    Err(format!(
                        "check() returned {} instead of an array",
                        v.type_name()
                    ))
                }
            }
            Err(e) => Err(describe_error(&e)),
        }
    }
}

fn describe_error(e: &rhai::EvalAltResult) -> String {
    use rhai::EvalAltResult as E;
    match e {
        E::ErrorTooManyOperations(_) => "exceeded the limit of operations".into(),
        E::ErrorTerminated(v, _) => v
            .clone()
            .into_string()
            .unwrap_or_else(|_| "terminated".into()),
        E::ErrorStackOverflow(_) => "call stack too deep".into(),
        E::ErrorDataTooLarge(what, _) => format!("{what} too large"),
        other => other.to_string(),
    }
}

/// Compiles the built-in rules on a few threads (compiling is most of the startup time),
/// returning the results in [`BUILTIN_RULES`] order.
fn compile_builtins(engine: &Engine) -> Vec<Result<Rule, LoadError>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    if threads == 1 {
        return BUILTIN_RULES
            .iter()
            .map(|(name, src)| compile(engine, src, name, "builtin"))
            .collect();
    }
    let chunk = BUILTIN_RULES.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = BUILTIN_RULES
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|(name, src)| compile(engine, src, name, "builtin"))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn compile(engine: &Engine, src: &str, name: &str, origin: &str) -> Result<Rule, LoadError> {
    // Built-in rules are compiled without their comment lines (none of them has a string
    // literal spanning lines that start with `//`); user rules exactly as written.
    let code = if origin == "builtin" {
        std::borrow::Cow::Owned(code_only(src))
    } else {
        std::borrow::Cow::Borrowed(src)
    };
    let ast = engine
        .compile(code.as_ref())
        .map_err(|e| LoadError::Compile {
            origin: name.to_string(),
            message: e.to_string(),
        })?;
    let meta_err = |m: String| LoadError::Meta {
        origin: name.to_string(),
        message: m,
    };
    let mut scope = Scope::new();
    let meta: Dynamic = engine
        .call_fn(&mut scope, &ast, "meta", ())
        .map_err(|e| meta_err(format!("meta() failed: {e}")))?;
    let map = meta
        .try_cast::<rhai::Map>()
        .ok_or_else(|| meta_err("meta() must return a map".into()))?;
    let get = |k: &str| -> Option<String> { map.get(k).and_then(|v| v.clone().into_string().ok()) };
    let code = get("code").ok_or_else(|| meta_err("meta() has no `code`".into()))?;
    let sev = get("severity").unwrap_or_else(|| "warning".into());
    let severity =
        Severity::parse(&sev).ok_or_else(|| meta_err(format!("unknown severity `{sev}`")))?;
    if !ast
        .iter_functions()
        .any(|f| f.name == "check" && f.params.len() == 2)
    {
        return Err(meta_err("no `fn check(model, params)`".into()));
    }
    // The explanation: `meta().explanation`, else the file's `//!` doc lines.
    let doc: Vec<&str> = src
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    let explanation = get("explanation").unwrap_or_else(|| doc.join("\n").trim().to_string());
    Ok(Rule {
        meta: RuleMeta {
            name: get("name").unwrap_or_else(|| code.to_lowercase()),
            code,
            severity,
            summary: get("summary").unwrap_or_default(),
            explanation,
            fix: get("fix").unwrap_or_default(),
            origin: origin.to_string(),
        },
        ast,
    })
}

/// `src` with whole-line `//` comments emptied (line numbers stay): a third of the built-in
/// rules' bytes are their documentation, which the tokenizer would otherwise scan at every
/// start.
fn code_only(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    for line in src.split_inclusive('\n') {
        if line.trim_start().starts_with("//") {
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// True when `path` looks like a rule directory entry (for walking user rule dirs).
pub fn is_rule_file(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "rhai")
}
