//! What one rule may spend on one model: operations, heap bytes and wall-clock time, sized
//! to the model instead of fixed.
//!
//! Rhai's own data-size limits (`set_max_array_size` and friends) are not used: with any of
//! them set, Rhai measures the whole of a value after every call that could change it
//! (`arr.push(x)` measures `arr`, `arr.len()` too), so a rule that collects one entry per
//! subvolume costs time quadratic in the layout, and a fixed cap refuses big layouts
//! outright (10 of 32 rules failed with "Size of object map too large" at 1,000
//! subvolumes). Instead the sandbox counts what a rule really holds: the heap bytes the
//! rule's thread has allocated and not freed since the rule started (jemalloc's per-thread
//! `thread.allocatedp`/`thread.deallocatedp` counters, read through `tikv-jemalloc-ctl`),
//! checked after every operation by the `on_progress` callback together with the operation
//! count and the deadline. The few built-in functions that allocate in proportion to an
//! argument (`pad`, `blob`) are replaced by versions that check the byte budget first (see
//! [`register_bounded`]), so no single operation can allocate beyond it.
//!
//! The budget grows linearly with the model ([`Budget::for_model`]): a layout ten times
//! bigger may take ten times the operations, bytes and time, never a fixed cap that real
//! layouts hit.

use rhai::{Blob, Dynamic, Engine, EvalAltResult, INT, Map, NativeCallContext, Position};
use std::cell::Cell;
use std::time::{Duration, Instant};

/// Operations a rule may run on the smallest model.
pub const BASE_OPERATIONS: u64 = 5_000_000;
/// Operations added per node of the model (a map entry, an array item or a string).
pub const OPERATIONS_PER_NODE: u64 = 400;
/// Heap bytes a rule may hold on the smallest model (256 MiB).
pub const BASE_BYTES: u64 = 256 << 20;
/// Heap bytes added per node of the model: room for several copies of it, since reading a
/// property of the model copies that subtree.
pub const BYTES_PER_NODE: u64 = 2_048;
/// Wall-clock time a rule may take on the smallest model.
pub const BASE_TIME: Duration = Duration::from_secs(2);
/// Wall-clock time added per node of the model.
pub const TIME_PER_NODE: Duration = Duration::from_micros(40);

/// The limits of one rule run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Nodes of the model the budget was sized for (map entries + array items + strings).
    pub nodes: u64,
    /// Rhai operations.
    pub operations: u64,
    /// Heap bytes held (allocated and not freed by the rule's thread) at any moment.
    pub bytes: u64,
    /// Wall-clock time.
    pub time: Duration,
}

impl Budget {
    /// The budget for a model of `nodes` nodes (see [`count_nodes`]).
    pub fn for_nodes(nodes: u64) -> Budget {
        let n = u32::try_from(nodes).unwrap_or(u32::MAX);
        Budget {
            nodes,
            operations: BASE_OPERATIONS.saturating_add(OPERATIONS_PER_NODE.saturating_mul(nodes)),
            bytes: BASE_BYTES.saturating_add(BYTES_PER_NODE.saturating_mul(nodes)),
            time: BASE_TIME.saturating_add(TIME_PER_NODE.saturating_mul(n)),
        }
    }

    /// The budget for the model handed to the rules (as [`super::convert::model_to_dynamic`]
    /// returns it).
    pub fn for_model(model: &Dynamic) -> Budget {
        Budget::for_nodes(count_nodes(model))
    }
}

/// Counts the nodes of a value: one per map entry, array item and string, recursively
/// (what Rhai's size limits count). Linear in the value; shared values are read through.
pub fn count_nodes(value: &Dynamic) -> u64 {
    if value.is_shared() {
        return value.read_lock::<Dynamic>().map_or(1, |v| count_nodes(&v));
    }
    if let Some(map) = value.read_lock::<Map>() {
        return map.values().map(|v| 1 + count_nodes(v)).sum();
    }
    if let Some(arr) = value.read_lock::<rhai::Array>() {
        return arr.iter().map(|v| 1 + count_nodes(v)).sum();
    }
    u64::from(value.is_string())
}

/// The state of the run on this thread: its budget, when it started and the heap counters
/// it is measured against.
#[derive(Clone, Copy)]
struct Run {
    budget: Budget,
    deadline: Instant,
    heap: Option<Heap>,
}

/// The calling thread's jemalloc counters and their values when the run started.
#[derive(Clone, Copy)]
struct Heap {
    allocated: tikv_jemalloc_ctl::thread::ThreadLocal<u64>,
    deallocated: tikv_jemalloc_ctl::thread::ThreadLocal<u64>,
    start: u64,
}

impl Heap {
    fn open() -> Option<Heap> {
        let allocated = tikv_jemalloc_ctl::thread::allocatedp::read().ok()?;
        let deallocated = tikv_jemalloc_ctl::thread::deallocatedp::read().ok()?;
        let mut h = Heap {
            allocated,
            deallocated,
            start: 0,
        };
        h.start = h.live();
        Some(h)
    }

    /// Bytes allocated minus bytes freed by this thread since it started (wrapping: frees
    /// of memory another thread allocated can make it smaller than at the start).
    fn live(&self) -> u64 {
        self.allocated.get().wrapping_sub(self.deallocated.get())
    }

    fn held(&self) -> u64 {
        self.live().saturating_sub(self.start)
    }
}

thread_local! {
    static RUN: Cell<Option<Run>> = const { Cell::new(None) };
}

/// Why a run was stopped, as the `on_progress` callback reports it.
pub fn exceeded(ops: u64) -> Option<String> {
    let run = RUN.with(Cell::get)?;
    if ops > run.budget.operations {
        return Some(format!(
            "exceeded the limit of {} operations (sized to a model of {} nodes)",
            run.budget.operations, run.budget.nodes
        ));
    }
    if let Some(h) = run.heap {
        let held = h.held();
        if held > run.budget.bytes {
            return Some(format!(
                "exceeded the memory limit of {} MiB (sized to a model of {} nodes)",
                run.budget.bytes >> 20,
                run.budget.nodes
            ));
        }
    }
    // The clock is read less often than the counters: it is a system call on some machines.
    if ops.is_multiple_of(1024) && Instant::now() > run.deadline {
        return Some(format!(
            "watchdog: rule ran longer than its time limit of {:.1} s",
            run.budget.time.as_secs_f64()
        ));
    }
    None
}

/// Starts a run with `budget` on this thread; the returned guard ends it.
pub fn start(budget: Budget) -> RunGuard {
    RUN.with(|r| {
        r.set(Some(Run {
            budget,
            deadline: Instant::now() + budget.time,
            heap: Heap::open(),
        }))
    });
    RunGuard(())
}

/// Ends the run on this thread when dropped.
pub struct RunGuard(());

impl Drop for RunGuard {
    fn drop(&mut self) {
        RUN.with(|r| r.set(None));
    }
}

/// Bytes the current run may still allocate, or `u64::MAX` outside a run.
fn headroom() -> u64 {
    RUN.with(Cell::get).map_or(u64::MAX, |run| match run.heap {
        Some(h) => run.budget.bytes.saturating_sub(h.held()),
        None => run.budget.bytes,
    })
}

fn too_large(what: &str, bytes: u64) -> Box<EvalAltResult> {
    EvalAltResult::ErrorDataTooLarge(
        format!("{what} of {bytes} bytes (beyond the rule's memory limit)"),
        Position::NONE,
    )
    .into()
}

/// Registers bounded versions of the built-in functions that allocate in proportion to an
/// argument: `pad` on arrays, strings and BLOBs and the `blob(len)` constructors. Each
/// refuses, with a DL003-worthy error, a request larger than the run's remaining memory;
/// otherwise it behaves as Rhai's own.
pub fn register_bounded(engine: &mut Engine) {
    const DYNAMIC: u64 = std::mem::size_of::<Dynamic>() as u64;
    engine.register_fn(
        "pad",
        |arr: &mut rhai::Array, len: INT, item: Dynamic| -> Result<(), Box<EvalAltResult>> {
            let Ok(len) = usize::try_from(len) else {
                return Ok(());
            };
            let grow = (len.saturating_sub(arr.len()) as u64).saturating_mul(DYNAMIC);
            if grow > headroom() {
                return Err(too_large("array", grow));
            }
            if len > arr.len() {
                arr.resize(len, item);
            }
            Ok(())
        },
    );
    engine.register_fn(
        "pad",
        |s: &mut rhai::ImmutableString, len: INT, ch: char| -> Result<(), Box<EvalAltResult>> {
            let Ok(len) = usize::try_from(len) else {
                return Ok(());
            };
            let chars = s.chars().count();
            let grow = (len.saturating_sub(chars) as u64).saturating_mul(ch.len_utf8() as u64);
            if grow > headroom() {
                return Err(too_large("string", grow));
            }
            if len > chars {
                let mut out = s.to_string();
                out.extend(std::iter::repeat_n(ch, len - chars));
                *s = out.into();
            }
            Ok(())
        },
    );
    engine.register_fn(
        "pad",
        |s: &mut rhai::ImmutableString,
         len: INT,
         pad: rhai::ImmutableString|
         -> Result<(), Box<EvalAltResult>> {
            let Ok(len) = usize::try_from(len) else {
                return Ok(());
            };
            let chars = s.chars().count();
            let grow = (len.saturating_sub(chars) as u64).saturating_mul(4);
            if grow > headroom() {
                return Err(too_large("string", grow));
            }
            if len > chars && !pad.is_empty() {
                let mut out = s.to_string();
                out.extend(pad.chars().cycle().take(len - chars));
                *s = out.into();
            }
            Ok(())
        },
    );
    engine.register_fn(
        "pad",
        |blob: &mut Blob, len: INT, value: INT| -> Result<(), Box<EvalAltResult>> {
            let Ok(len) = usize::try_from(len) else {
                return Ok(());
            };
            let grow = len.saturating_sub(blob.len()) as u64;
            if grow > headroom() {
                return Err(too_large("BLOB", grow));
            }
            if len > blob.len() {
                blob.resize(len, (value & 0xff) as u8);
            }
            Ok(())
        },
    );
    engine.register_fn(
        "blob",
        |_ctx: NativeCallContext, len: INT| -> Result<Blob, Box<EvalAltResult>> {
            bounded_blob(len, 0)
        },
    );
    engine.register_fn(
        "blob",
        |_ctx: NativeCallContext, len: INT, value: INT| -> Result<Blob, Box<EvalAltResult>> {
            bounded_blob(len, value)
        },
    );
}

fn bounded_blob(len: INT, value: INT) -> Result<Blob, Box<EvalAltResult>> {
    let len = usize::try_from(len).unwrap_or(0);
    if len as u64 > headroom() {
        return Err(too_large("BLOB", len as u64));
    }
    Ok(vec![(value & 0xff) as u8; len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_grows_linearly_with_the_model() {
        let small = Budget::for_nodes(1_000);
        let big = Budget::for_nodes(10_000);
        assert_eq!(
            big.operations - BASE_OPERATIONS,
            10 * (small.operations - BASE_OPERATIONS)
        );
        assert_eq!(big.bytes - BASE_BYTES, 10 * (small.bytes - BASE_BYTES));
        assert_eq!(big.time - BASE_TIME, 10 * (small.time - BASE_TIME));
        assert_eq!(Budget::for_nodes(0).operations, BASE_OPERATIONS);
    }

    #[test]
    fn nodes_are_counted_through_maps_arrays_and_shared_values() {
        let engine = Engine::new();
        let v: Dynamic = engine
            .eval(r#"#{ a: [1, "x", #{ b: "y" }], c: "z" }"#)
            .unwrap();
        // a, c; three items of a; b; strings "x", "y", "z"
        assert_eq!(count_nodes(&v), 2 + 3 + 1 + 3);
        assert_eq!(count_nodes(&v.clone().into_shared()), 9);
    }

    #[test]
    fn the_heap_counter_sees_this_threads_allocations() {
        let h = Heap::open().expect("jemalloc counters");
        let v = std::hint::black_box(vec![0u8; 8 << 20]);
        assert!(h.held() >= 8 << 20, "held {}", h.held());
        drop(v);
        assert!(h.held() < 1 << 20, "held {} after the free", h.held());
    }
}
