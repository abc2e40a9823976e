//! A stream answered in parallel and in order: items are read on the calling
//! thread, worked on by the pool's threads, and each result is handed back on
//! the calling thread in input order as soon as it and those before it are
//! ready. At most `max_items` items, and about `max_bytes` of them, are in
//! flight, so memory stays flat whatever the stream's length.
//!
//! Why not batches (read N, answer N in parallel, write N): at each batch's
//! end the threads wait for its slowest item, and nothing works while a batch
//! is read or written; `-j 2` gave 1.5x `-j 1`. Here reading, working and
//! writing overlap, and a slow item holds back only the writing of those after it.

use std::collections::VecDeque;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc;

/// How much may be in flight at once.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub max_items: usize,
    pub max_bytes: usize,
}

/// Reads items with `next` (each with its size in bytes) until it gives
/// `None`, runs `work` on each in `pool`, and calls `emit` with the results in
/// input order. Must be called from outside `pool` (the calling thread waits
/// for results, and would otherwise hold one of the pool's threads). A panic
/// in `work` is raised again here; an error from `next` or `emit` stops the
/// stream after the items in flight are done.
pub fn run<I: Send, O: Send>(
    pool: &rayon::ThreadPool,
    window: Window,
    mut next: impl FnMut() -> io::Result<Option<(I, usize)>>,
    work: impl Fn(I) -> O + Sync,
    mut emit: impl FnMut(O) -> io::Result<()>,
) -> io::Result<()> {
    type Done<O> = Result<O, Box<dyn std::any::Any + Send>>;
    let (tx, rx) = mpsc::channel::<(usize, Done<O>)>();
    let work = &work;
    pool.in_place_scope(|scope| {
        // Results by input index, from `first` on; a slot is `None` while its item is worked on.
        let mut pending: VecDeque<(Option<Done<O>>, usize)> = VecDeque::new();
        let (mut first, mut bytes, mut reading) = (0usize, 0usize, true);
        loop {
            while reading && pending.len() < window.max_items.max(1) && (pending.is_empty() || bytes < window.max_bytes)
            {
                let Some((item, size)) = next()? else {
                    reading = false;
                    break;
                };
                let (tx, index) = (tx.clone(), first + pending.len());
                scope.spawn(move |_| {
                    let done = catch_unwind(AssertUnwindSafe(|| work(item)));
                    // The receiver lives until the scope ends, after every task.
                    let _ = tx.send((index, done));
                });
                pending.push_back((None, size));
                bytes += size;
            }
            if pending.is_empty() {
                return Ok(());
            }
            let (index, done) = rx.recv().expect("a task in flight always sends its result");
            pending[index - first].0 = Some(done);
            for (index, done) in rx.try_iter() {
                pending[index - first].0 = Some(done);
            }
            while pending.front().is_some_and(|(done, _)| done.is_some()) {
                let (done, size) = pending.pop_front().expect("checked just above");
                first += 1;
                bytes -= size;
                match done.expect("checked just above") {
                    Ok(out) => emit(out)?,
                    Err(panic) => resume_unwind(panic),
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
    }

    /// Results come out in input order, once each, whatever the threads,
    /// the window and the order in which the work finishes.
    #[test]
    fn order_and_count_table() {
        let cases = [(1, 1, usize::MAX), (2, 1, usize::MAX), (2, 4, usize::MAX), (3, 64, 10), (2, 8, 1)];
        for (threads, max_items, max_bytes) in cases {
            let pool = pool(threads);
            let mut items = 0..200u64;
            let mut out = Vec::new();
            let window = Window { max_items, max_bytes };
            run(
                &pool,
                window,
                || Ok(items.next().map(|i| (i, 3))),
                |i| {
                    // Later items finish first now and then.
                    std::thread::sleep(Duration::from_micros((200 - i) % 7 * 50));
                    i * 2
                },
                |o| {
                    out.push(o);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(out, (0..200).map(|i| i * 2).collect::<Vec<_>>(), "{threads} threads, window {window:?}");
        }
    }

    /// No more than the window is ever in flight: read but not yet emitted.
    #[test]
    fn the_window_bounds_what_is_in_flight() {
        for (max_items, max_bytes, size, most) in [(4, usize::MAX, 1, 4), (64, 30, 10, 3), (64, 5, 10, 1)] {
            let (read, emitted) = (AtomicUsize::new(0), AtomicUsize::new(0));
            let highest = AtomicUsize::new(0);
            let mut items = 0..100;
            run(
                &pool(2),
                Window { max_items, max_bytes },
                || {
                    let item = items.next();
                    if item.is_some() {
                        let in_flight = read.fetch_add(1, Ordering::SeqCst) + 1 - emitted.load(Ordering::SeqCst);
                        highest.fetch_max(in_flight, Ordering::SeqCst);
                    }
                    Ok(item.map(|i| (i, size)))
                },
                |i| i,
                |_| {
                    emitted.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(emitted.load(Ordering::SeqCst), 100);
            assert_eq!(highest.load(Ordering::SeqCst), most, "window of {max_items} items, {max_bytes} bytes");
        }
    }

    #[test]
    fn errors_stop_the_stream_and_panics_come_back() {
        let pool = pool(2);
        let mut items = 0..10;
        let err = run(
            &pool,
            Window { max_items: 4, max_bytes: usize::MAX },
            || Ok(items.next().map(|i| (i, 1))),
            |i| i,
            |i| if i == 3 { Err(io::Error::other("closed")) } else { Ok(()) },
        );
        assert_eq!(err.unwrap_err().to_string(), "closed");
        let mut items = 0..10;
        let panicked = catch_unwind(AssertUnwindSafe(|| {
            run(
                &pool,
                Window { max_items: 4, max_bytes: usize::MAX },
                || Ok(items.next().map(|i| (i, 1))),
                |i| if i == 5 { panic!("item 5") } else { i },
                |_| Ok(()),
            )
        }));
        assert!(panicked.is_err());
    }
}
