//! The command line: argument parsing, the terminal, and exit codes.
//!
//! Exit codes: 0 nothing at or above `--fail-on`; 1 findings; 2 usage, configuration, IO,
//! parse or internal errors. Output goes through `Out`, which ends quietly on a closed
//! pipe.

use crate::check::{self, FileReport};
use crate::diagnostic::Severity;
use crate::engine::RuleSet;
use crate::policy::{self, Overrides};
use crate::{fix, render, walk};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

/// Exit code: no findings at or above the threshold.
pub const EXIT_OK: i32 = 0;
/// Exit code: findings.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage, configuration, IO, parse or internal error.
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(name = "disko-lint", version, about = "Lint disko.nix files for btrfs and NixOS mistakes", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check disko configs (files or directories; `-` reads standard input).
    Check(CheckArgs),
    /// Print the model disko-lint builds from one file (for rule authors).
    Inspect {
        /// The file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = InspectFormat::Human)]
        format: InspectFormat,
    },
    /// List the rules.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
        /// Include user rules from these directories.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Print a rule's explanation.
    Explain {
        /// Rule code, e.g. DL101, or its name.
        code: String,
        /// Include user rules from these directories.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Run rule test cases: DIR/<CODE>/{hit,ok}-*.nix with .expected (and .fixed) files.
    ///
    /// `*.rhai` files directly in DIR are loaded as user rules (like `conftest verify`);
    /// more rule directories with --rules. Prints one line per case and
    /// `N passed, M failed`; exits 1 when a case fails.
    Test {
        /// Directory of cases (default: tests/cases).
        dir: Option<PathBuf>,
        /// Extra rule directories.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
        /// Write missing or changed .expected/.fixed files instead of failing (review them!).
        #[arg(long)]
        bless: bool,
    },
    /// Generate a workload-aware disko.nix from a host description.
    Generate {
        /// The host spec (TOML: [host] workloads, kernel, storage, priority; [disk]; [layout]; …).
        #[arg(long)]
        spec: PathBuf,
        /// A nixos-facter report (facter.json) for disk choice and hardware.
        #[arg(long)]
        facter: Option<PathBuf>,
        /// Write the config here (atomically) instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Print the decision table (what was chosen, why, alternatives) to standard error.
        #[arg(long)]
        explain: bool,
    },
    /// Find btrfs storage bottlenecks and rank fixes by impact and disruption.
    Diagnose {
        /// A nixos-facter report.
        #[arg(long)]
        facter: Option<PathBuf>,
        /// The current disko.nix.
        #[arg(long)]
        disko: Option<PathBuf>,
        /// A directory of captured outputs (df, btrfs usage/df/device stats, compsize,
        /// iostat, mountinfo, findmnt, lsattr, filefrag), recognised by content.
        #[arg(long)]
        metrics: Option<PathBuf>,
        /// What you observe ("builds crawl"); repeatable.
        #[arg(long)]
        observe: Vec<String>,
        /// Workloads on the host (same names as `generate`); repeatable.
        #[arg(long)]
        workload: Vec<String>,
        /// Policy preset or file for the linter findings and fixes (default: the nearest
        /// disko-lint.toml beside --disko, else recommended).
        #[arg(long)]
        policy: Option<String>,
        /// Ignore disko-lint.toml files.
        #[arg(long)]
        no_config: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiagnoseFormat::Human)]
        format: DiagnoseFormat,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files or directories to check (default: the current directory); `-` for stdin.
    paths: Vec<PathBuf>,
    /// Configuration file (default: nearest disko-lint.toml).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Ignore disko-lint.toml files.
    #[arg(long)]
    no_config: bool,
    /// Policy preset (recommended, strict, impermanence) or a policy file.
    #[arg(long)]
    policy: Option<String>,
    /// Extra rule directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Rule codes or prefixes to run (comma-separated; replaces the policy's selection).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Rule codes or prefixes to skip (comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Exit 0 even with findings (errors of the tool itself still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Path to report for standard input.
    #[arg(long)]
    stdin_filename: Option<PathBuf>,
    /// Apply the configuration's `exclude` patterns to files named on the command line too.
    #[arg(long)]
    force_exclude: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Worker threads (default: the number of cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Print only the findings, no summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Apply safe fixes (in place; atomic writes) and report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix, --diff or --stdout: apply unsafe fixes too.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of the fixes and write nothing.
    #[arg(long)]
    diff: bool,
    /// Print the fully fixed config to standard output and leave the file alone
    /// (a replacement config for review); findings go to standard error.
    #[arg(long)]
    stdout: bool,
    /// List the fixes that were applied.
    #[arg(long)]
    show_fixes: bool,
    /// List the files a check would read and the `.nix` files and directories a walk
    /// passes over (with the reason), then exit without checking.
    #[arg(long)]
    show_files: bool,
    /// Exit 1 when any fix was applied, even if nothing remains.
    #[arg(long)]
    exit_non_zero_on_fix: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Human,
    Concise,
    Json,
    JsonLines,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum InspectFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RulesFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DiagnoseFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Standard output that stops quietly when the reader goes away.
struct Out {
    closed: bool,
}

impl Out {
    fn write(&mut self, s: &str) {
        if self.closed {
            return;
        }
        let mut so = std::io::stdout().lock();
        if so.write_all(s.as_bytes()).and_then(|_| so.flush()).is_err() {
            self.closed = true;
        }
    }
}

fn eprint(msg: &str) {
    let _ = writeln!(std::io::stderr(), "disko-lint: {msg}");
}

/// Runs the CLI with the process arguments; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let mut out = Out { closed: false };
    match cli.command {
        Command::Check(args) => run_check(args, &mut out),
        Command::Inspect { file, format } => run_inspect(&file, format, &mut out),
        Command::Rules { format, rules } => run_rules(format, &rules, &mut out),
        Command::Explain { code, rules } => run_explain(&code, &rules, &mut out),
        Command::Test { dir, rules, bless } => run_test(dir, rules, bless, &mut out),
        Command::Generate {
            spec,
            facter,
            output,
            explain,
        } => run_generate(
            &spec,
            facter.as_deref(),
            output.as_deref(),
            explain,
            &mut out,
        ),
        Command::Diagnose {
            facter,
            disko,
            metrics,
            observe,
            workload,
            policy,
            no_config,
            format,
        } => run_diagnose(
            DiagnoseArgs {
                facter,
                disko,
                metrics,
                observe,
                workloads: workload,
                policy,
                no_config,
            },
            format,
            &mut out,
        ),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "disko-lint", &mut buf);
            out.write(&String::from_utf8_lossy(&buf));
            EXIT_OK
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            match clap_mangen::Man::new(cmd).render(&mut buf) {
                Ok(()) => {
                    out.write(&String::from_utf8_lossy(&buf));
                    EXIT_OK
                }
                Err(e) => {
                    eprint(&format!("cannot render the man page: {e}"));
                    EXIT_ERROR
                }
            }
        }
    }
}

fn load_rules(dirs: &[PathBuf]) -> Result<RuleSet, i32> {
    RuleSet::load(true, dirs).map_err(|errs| {
        for e in errs {
            eprint(&e.to_string());
        }
        EXIT_ERROR
    })
}

/// The policy for `ov` and its rules (built-ins plus the policy's rule directories), with
/// the policy's codes checked against them; errors are printed, the exit code returned.
fn policy_and_rules(ov: &Overrides) -> Result<(crate::policy::Policy, RuleSet), i32> {
    let policy = policy::resolve(ov).map_err(|e| {
        eprint(&e.to_string());
        EXIT_ERROR
    })?;
    let rules = load_rules(&policy.rule_paths)?;
    let codes: Vec<&str> = rules.rules.iter().map(|r| r.meta.code.as_str()).collect();
    if let Err(e) = policy.validate(&codes) {
        eprint(&e.to_string());
        return Err(EXIT_ERROR);
    }
    Ok((policy, rules))
}

fn run_check(args: CheckArgs, out: &mut Out) -> i32 {
    let stdin_mode = args.paths.iter().any(|p| p.as_os_str() == "-");
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let start_dir = match (&args.stdin_filename, paths.first()) {
        (Some(p), _) => p.parent().map(PathBuf::from).unwrap_or_else(|| ".".into()),
        (None, Some(p)) if p.as_os_str() != "-" => p.clone(),
        _ => ".".into(),
    };
    let ov = Overrides {
        config: args.config.clone(),
        policy: args.policy.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        rules: args.rules.clone(),
        start_dir: if start_dir.as_os_str().is_empty() {
            ".".into()
        } else {
            start_dir
        },
        no_config: args.no_config,
    };
    let (policy, rules) = match policy_and_rules(&ov) {
        Ok(pr) => pr,
        Err(code) => return code,
    };
    let mut reports: Vec<FileReport> = Vec::new();
    let mut io_error = false;
    // .nix files the walk passed over (for the summary).
    let mut skipped = 0usize;
    let fixing = args.fix || args.diff || args.stdout;
    let fix_opts = fix::FixOptions {
        unsafe_fixes: args.unsafe_fixes,
    };
    let mut fix_problem = false;
    let mut any_fixed = false;
    let mut applied_log: Vec<(PathBuf, Vec<fix::Applied>)> = Vec::new();
    // With the fixed text on stdout, findings go to stderr.
    let findings_to_stderr = fixing && (args.stdout || stdin_mode) && !args.diff;
    if stdin_mode {
        let mut bytes = Vec::new();
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        match std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())
            .and_then(|_| check::text_from_bytes(bytes))
        {
            Ok(text) if fixing => {
                let outcome = fix::fix_text(&name, &text, &rules, &policy, fix_opts);
                if let Some(p) = &outcome.problem {
                    eprint(&format!("{}: {p}", name.display()));
                    fix_problem = true;
                }
                if args.diff {
                    out.write(&fix::unified_diff(&name, &text, &outcome.text));
                } else {
                    // `check --fix -` prints the fixed text, as formatters do.
                    out.write(&outcome.text);
                }
                any_fixed |= !outcome.applied.is_empty();
                applied_log.push((name.clone(), outcome.applied.clone()));
                reports.push(outcome.report);
            }
            Ok(text) => reports.push(check::check_text(&name, text, &rules, &policy)),
            Err(e) => {
                eprint(&format!("{}: {e}", name.display()));
                return EXIT_ERROR;
            }
        }
    }
    let file_paths: Vec<PathBuf> = paths.into_iter().filter(|p| p.as_os_str() != "-").collect();
    if !file_paths.is_empty() {
        let exclude = match walk::exclude_set(&policy.exclude) {
            Ok(s) => s,
            Err(e) => {
                eprint(&e);
                return EXIT_ERROR;
            }
        };
        let walked = walk::collect(&file_paths, &exclude, args.force_exclude);
        for e in &walked.errors {
            eprint(&format!("{}: {}", e.path.display(), e.message));
            io_error = true;
        }
        if args.show_files {
            out.write(&show_files(&walked));
            return if io_error { EXIT_ERROR } else { EXIT_OK };
        }
        skipped = walked.skipped.iter().filter(|s| !s.is_dir).count();
        let list: Vec<PathBuf> = walked.candidates.into_iter().map(|c| c.path).collect();
        let jobs = args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        });
        if fixing {
            let outcomes = check::par_map(&list, jobs, |p| match check::read_source(p) {
                Ok(text) => {
                    let o = fix::fix_text(p, &text, &rules, &policy, fix_opts);
                    Ok((text, o))
                }
                Err(e) => Err(e),
            });
            for (path, res) in list.iter().zip(outcomes) {
                match res {
                    Some(Ok((original, outcome))) => {
                        if let Some(p) = &outcome.problem {
                            eprint(&format!("{}: {p}", path.display()));
                            fix_problem = true;
                        }
                        if args.diff {
                            out.write(&fix::unified_diff(path, &original, &outcome.text));
                        } else if args.stdout {
                            out.write(&outcome.text);
                        } else if outcome.changed(&original)
                            && let Err(e) = fix::write_atomic(path, &outcome.text)
                        {
                            eprint(&e.to_string());
                            io_error = true;
                        }
                        any_fixed |= !outcome.applied.is_empty();
                        applied_log.push((path.clone(), outcome.applied));
                        reports.push(outcome.report);
                    }
                    Some(Err(e)) => reports.push(FileReport {
                        path: path.clone(),
                        text: String::new(),
                        diagnostics: Vec::new(),
                        error: Some(e),
                        parse_failed: false,
                        suppressed: 0,
                    }),
                    None => {
                        eprint(&format!("{}: internal error", path.display()));
                        io_error = true;
                    }
                }
            }
        } else {
            reports.extend(check::check_paths(&list, &rules, &policy, jobs));
        }
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let summary = render::Summary {
        skipped,
        ..render::Summary::of(&reports)
    };
    let rendered = match args.format {
        Format::Human => render::human(
            &reports,
            color && !findings_to_stderr,
            (!args.quiet).then_some(&summary),
        ),
        Format::Json => render::json(&reports, &summary),
        Format::Concise => render::concise::render(&reports, (!args.quiet).then_some(&summary)),
        Format::JsonLines => render::jsonl::render(&reports),
        Format::Sarif => {
            let metas: Vec<_> = rules.rules.iter().map(|r| r.meta.clone()).collect();
            let cwd = std::env::current_dir().unwrap_or_default();
            render::sarif::render(&reports, &metas, &cwd)
        }
        Format::Github => render::github::render(&reports),
    };
    if findings_to_stderr {
        let _ = std::io::stderr().write_all(rendered.as_bytes());
    } else if !(args.diff && args.quiet) {
        out.write(&rendered);
    }
    if args.show_fixes || (fixing && !args.quiet && args.format == Format::Human) {
        let mut lines = String::new();
        let total: usize = applied_log.iter().map(|(_, a)| a.len()).sum();
        if args.show_fixes {
            for (path, applied) in &applied_log {
                for a in applied {
                    lines.push_str(&format!(
                        "fixed {}:{}: {} {}\n",
                        path.display(),
                        a.line,
                        a.code,
                        a.message
                    ));
                }
            }
        }
        let verb = if args.diff || args.stdout {
            "would apply"
        } else {
            "applied"
        };
        lines.push_str(&format!(
            "{verb} {total} fix{}\n",
            if total == 1 { "" } else { "es" }
        ));
        if findings_to_stderr || args.format == Format::Json {
            let _ = std::io::stderr().write_all(lines.as_bytes());
        } else {
            out.write(&lines);
        }
    }
    if fix_problem {
        io_error = true;
    }
    for r in &reports {
        if let Some(e) = &r.error {
            if args.format != Format::Human {
                eprint(&format!("{}: {e}", r.path.display()));
            }
            io_error = true;
        }
    }
    let code = exit_code(&reports, args.fail_on, args.exit_zero, io_error);
    if code == EXIT_OK && args.exit_non_zero_on_fix && any_fixed {
        return EXIT_FINDINGS;
    }
    code
}

/// `check --show-files`: one line per file the check would read (`check <path>`), then one
/// per `.nix` file or directory the walk passed over (`skip <path>: <reason>`).
fn show_files(w: &walk::Walk) -> String {
    let mut s = String::new();
    for c in &w.candidates {
        s.push_str(&format!("check {}\n", c.path.display()));
    }
    for k in &w.skipped {
        let slash = if k.is_dir { "/" } else { "" };
        s.push_str(&format!(
            "skip  {}{slash}: {}\n",
            k.path.display(),
            k.reason
        ));
    }
    s
}

fn exit_code(reports: &[FileReport], fail_on: FailOn, exit_zero: bool, io_error: bool) -> i32 {
    let tool_error = io_error
        || reports.iter().any(|r| {
            r.error.is_some()
                || r.diagnostics
                    .iter()
                    .any(|d| d.code == "DL001" || d.code == "DL003")
        });
    if tool_error {
        return EXIT_ERROR;
    }
    if exit_zero {
        return EXIT_OK;
    }
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    if reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold)
    {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn run_inspect(file: &std::path::Path, format: InspectFormat, out: &mut Out) -> i32 {
    let text = match check::read_source(file) {
        Ok(t) => t,
        Err(e) => {
            eprint(&format!("{}: {e}", file.display()));
            return EXIT_ERROR;
        }
    };
    let path = file.to_path_buf();
    // The evaluator recurses: run it on a thread with a large stack.
    let res = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let (model, diags) = check::model_of(&path, &text);
            (
                serde_json::to_value(&model).unwrap_or_default(),
                human_model(&model),
                diags,
            )
        })
        .ok()
        .and_then(|h| h.join().ok());
    let Some((json, human, diags)) = res else {
        eprint("internal error while building the model");
        return EXIT_ERROR;
    };
    for d in &diags {
        eprint(&format!("{}: {}", file.display(), d.message));
    }
    match format {
        InspectFormat::Json => out.write(&format!(
            "{}\n",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        )),
        InspectFormat::Human => out.write(&human),
    }
    if diags.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

fn human_model(m: &crate::disko::Model) -> String {
    let mut s = format!("{} ({})\n", m.file, m.shape);
    for b in &m.btrfs {
        s.push_str(&format!(
            "btrfs #{} at {} on {}\n",
            b.index,
            b.path,
            b.device.as_deref().unwrap_or("?")
        ));
        if !b.chain.is_empty() {
            s.push_str(&format!("  layers: {}\n", b.chain.join(" → ")));
        }
        for sv in &b.subvolumes {
            s.push_str(&format!(
                "  subvolume {:<20} → {:<20} [{}]\n",
                sv.name,
                sv.mountpoint
                    .as_ref()
                    .map(|m| m.value.as_str())
                    .unwrap_or("(not mounted)"),
                sv.mount_options
                    .items
                    .iter()
                    .map(|i| i.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    s.push_str("mounts:\n");
    for mt in &m.mounts {
        s.push_str(&format!(
            "  {:<24} {:<8} {}{}\n",
            mt.mountpoint,
            mt.fs_type,
            mt.options.join(","),
            if mt.needed_for_boot {
                "  (neededForBoot)"
            } else {
                ""
            }
        ));
    }
    if !m.unresolved.is_empty() {
        s.push_str("unresolved:\n");
        for u in &m.unresolved {
            s.push_str(&format!("  {}: {}\n", u.what, u.reason));
        }
    }
    s
}

fn run_rules(format: RulesFormat, dirs: &[PathBuf], out: &mut Out) -> i32 {
    let rules = match load_rules(dirs) {
        Ok(r) => r,
        Err(c) => return c,
    };
    match format {
        RulesFormat::Markdown => {
            let metas: Vec<_> = rules.rules.iter().map(|r| r.meta.clone()).collect();
            out.write(&render::rules_markdown(&metas));
        }
        RulesFormat::Json => {
            let metas: Vec<_> = rules.rules.iter().map(|r| &r.meta).collect();
            out.write(&format!(
                "{}\n",
                serde_json::to_string_pretty(&metas).unwrap_or_default()
            ));
        }
        RulesFormat::Human => {
            for r in &rules.rules {
                let fix = if r.meta.fix.is_empty() {
                    String::new()
                } else {
                    format!(" [fix: {}]", r.meta.fix)
                };
                out.write(&format!(
                    "{}  {:<32} {:<7} {}{}\n",
                    r.meta.code, r.meta.name, r.meta.severity, r.meta.summary, fix
                ));
            }
        }
    }
    EXIT_OK
}

/// `diagnose`'s inputs as given.
struct DiagnoseArgs {
    facter: Option<PathBuf>,
    disko: Option<PathBuf>,
    metrics: Option<PathBuf>,
    observe: Vec<String>,
    workloads: Vec<String>,
    policy: Option<String>,
    no_config: bool,
}

fn run_diagnose(args: DiagnoseArgs, format: DiagnoseFormat, out: &mut Out) -> i32 {
    if args.facter.is_none()
        && args.disko.is_none()
        && args.metrics.is_none()
        && args.observe.is_empty()
    {
        eprint("nothing to diagnose: give at least one of --facter, --disko, --metrics, --observe");
        return EXIT_ERROR;
    }
    let report = match &args.facter {
        None => None,
        Some(f) => match check::read_source(f)
            .map_err(|e| e.to_string())
            .and_then(|t| crate::facter::parse(&t).map_err(|e| e.to_string()))
        {
            Ok(r) => Some(r),
            Err(e) => {
                eprint(&format!("{}: {e}", f.display()));
                return EXIT_ERROR;
            }
        },
    };
    let m = match &args.metrics {
        None => None,
        Some(d) => match crate::diagnose::metrics::load_dir(d) {
            Ok(m) => Some(m),
            Err(e) => {
                eprint(&format!("{}: {e}", d.display()));
                return EXIT_ERROR;
            }
        },
    };
    for w in &args.workloads {
        if crate::generate::workloads::get(w).is_none() {
            eprint(&format!(
                "unknown workload `{w}`; known workloads: {}",
                crate::generate::workloads::names().join(", ")
            ));
            return EXIT_ERROR;
        }
    }
    let disko_text = match &args.disko {
        None => None,
        Some(p) => match check::read_source(p) {
            Ok(t) => Some((p.clone(), t)),
            Err(e) => {
                eprint(&format!("{}: {e}", p.display()));
                return EXIT_ERROR;
            }
        },
    };
    // The linter's policy and rules, as `check` would resolve them for the disko.nix.
    let ov = Overrides {
        policy: args.policy.clone(),
        start_dir: args
            .disko
            .as_deref()
            .and_then(|d| d.parent())
            .filter(|p| !p.as_os_str().is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| ".".into()),
        // Without a disko.nix no configuration file is read.
        no_config: args.no_config || args.disko.is_none(),
        ..Default::default()
    };
    let (mut policy, rules) = match policy_and_rules(&ov) {
        Ok(pr) => pr,
        Err(code) => return code,
    };
    // What the hardware report and --workload say about the host, where the policy is silent.
    for w in &args.workloads {
        if !policy.host.workloads.contains(w) {
            policy.host.workloads.push(w.clone());
        }
    }
    if policy.host.storage.is_none() {
        let rota = m.as_ref().map(|m| m.rotational()).unwrap_or_default();
        policy.host.storage = report.as_ref().and_then(|r| {
            r.storage_summary(&rota)
                .host_storage
                .and_then(|s| s.host_storage())
                .map(str::to_string)
        });
    }
    let (observe, workloads) = (args.observe, args.workloads);
    // The evaluator recurses: build the model on a thread with a large stack.
    let res = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let checked = disko_text.map(|(p, t)| {
                let (report, model) = check::check_text_with_model(&p, t.clone(), &rules, &policy);
                let lint = report.diagnostics;
                (p, t, model, lint)
            });
            let inputs = crate::diagnose::Inputs {
                facter: report.as_ref(),
                config: checked
                    .as_ref()
                    .map(|(p, t, model, lint)| crate::diagnose::Config {
                        model,
                        path: p,
                        text: t,
                        lint,
                        rules: &rules,
                        policy: &policy,
                    }),
                metrics: m.as_ref(),
                observations: &observe,
                workloads: &workloads,
            };
            crate::diagnose::analyze(&inputs)
        })
        .ok()
        .and_then(|h| h.join().ok());
    let Some(rep) = res else {
        eprint("internal error while diagnosing");
        return EXIT_ERROR;
    };
    out.write(&match format {
        DiagnoseFormat::Human => rep.human(),
        DiagnoseFormat::Json => rep.json(),
        DiagnoseFormat::Markdown => rep.markdown(),
    });
    EXIT_OK
}

fn run_generate(
    spec: &std::path::Path,
    facter: Option<&std::path::Path>,
    output: Option<&std::path::Path>,
    explain: bool,
    out: &mut Out,
) -> i32 {
    let text = match check::read_source(spec) {
        Ok(t) => t,
        Err(e) => {
            eprint(&format!("{}: {e}", spec.display()));
            return EXIT_ERROR;
        }
    };
    let report = match facter {
        None => None,
        Some(f) => match check::read_source(f)
            .map_err(|e| e.to_string())
            .and_then(|t| crate::facter::parse(&t).map_err(|e| e.to_string()))
        {
            Ok(r) => Some(r),
            Err(e) => {
                eprint(&format!("{}: {e}", f.display()));
                return EXIT_ERROR;
            }
        },
    };
    let rules = match load_rules(&[]) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let name = spec
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    // The validator runs the evaluator: use a thread with a large stack.
    let res = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            crate::generate::generate(&text, &name, report.as_ref(), &rules)
                .map(|g| (g.text, crate::generate::explain(&g.plan)))
        })
        .ok()
        .and_then(|h| h.join().ok());
    match res {
        Some(Ok((nix, table))) => {
            if explain {
                let _ = std::io::stderr().write_all(table.as_bytes());
            }
            match output {
                Some(o) => {
                    if !o.exists()
                        && let Err(e) = std::fs::write(o, "")
                    {
                        eprint(&format!("cannot write {}: {e}", o.display()));
                        return EXIT_ERROR;
                    }
                    if let Err(e) = fix::write_atomic(o, &nix) {
                        eprint(&e.to_string());
                        return EXIT_ERROR;
                    }
                }
                None => out.write(&nix),
            }
            EXIT_OK
        }
        Some(Err(e)) => {
            eprint(&e.to_string());
            EXIT_ERROR
        }
        None => {
            eprint("internal error while generating");
            EXIT_ERROR
        }
    }
}

fn run_test(dir: Option<PathBuf>, mut rule_dirs: Vec<PathBuf>, bless: bool, out: &mut Out) -> i32 {
    let dir = dir.unwrap_or_else(|| PathBuf::from("tests/cases"));
    if !dir.is_dir() {
        eprint(&format!("{}: not a directory of rule cases", dir.display()));
        return EXIT_ERROR;
    }
    let has_rules = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .any(|e| crate::engine::is_rule_file(&e.path()))
        })
        .unwrap_or(false);
    if has_rules {
        rule_dirs.insert(0, dir.clone());
    }
    let (rules, load_errors) = RuleSet::load_lenient(true, &rule_dirs);
    let outcomes = crate::testing::run(&dir, &rules, bless);
    let mut failed = load_errors.len();
    for e in &load_errors {
        out.write(&format!("FAIL {e}\n"));
    }
    for o in &outcomes {
        if o.problems.is_empty() {
            out.write(&format!("ok   {}\n", o.case.display));
        } else {
            failed += 1;
            out.write(&format!("FAIL {}\n", o.case.display));
            for p in &o.problems {
                for line in p.lines() {
                    out.write(&format!("     {line}\n"));
                }
            }
        }
    }
    let passed = outcomes.iter().filter(|o| o.problems.is_empty()).count();
    out.write(&format!("{passed} passed, {failed} failed\n"));
    if outcomes.is_empty() {
        eprint(&format!(
            "no cases found under {} (expected <CODE>/hit-*.nix and ok-*.nix)",
            dir.display()
        ));
        return EXIT_ERROR;
    }
    if failed > 0 { EXIT_FINDINGS } else { EXIT_OK }
}

fn run_explain(code: &str, dirs: &[PathBuf], out: &mut Out) -> i32 {
    let rules = match load_rules(dirs) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let upper = code.to_uppercase();
    match rules
        .rules
        .iter()
        .find(|r| r.meta.code == upper || r.meta.name == code)
    {
        Some(r) => {
            out.write(&format!(
                "# {} {}\n\n{}\n\nDefault severity: {}.\n\n{}\n",
                r.meta.code,
                r.meta.name,
                r.meta.summary,
                r.meta.severity,
                r.meta.explanation.trim()
            ));
            EXIT_OK
        }
        None => {
            eprint(&format!("unknown rule `{code}` (see `disko-lint rules`)"));
            EXIT_ERROR
        }
    }
}
